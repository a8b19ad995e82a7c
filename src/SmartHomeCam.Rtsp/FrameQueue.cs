using System.Buffers;
using System.Threading.Channels;
using SmartHomeCam.Media;

namespace SmartHomeCam.Rtsp;

/// <summary>
/// Frames between the receive side and the reader, each in a pooled buffer returned when the reader moves on.
/// Bounded: when the reader falls behind, a frame is refused (the caller then resynchronises at the next IDR),
/// so a stalled consumer cannot grow memory.
/// </summary>
internal sealed class FrameQueue
{
    private const int Capacity = 256;

    private readonly Channel<QueuedFrame> _channel = Channel.CreateBounded<QueuedFrame>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });

    public bool TryWrite(ReadOnlySpan<byte> data, long pts, bool keyframe, bool discontinuity, MediaKind kind)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(buffer);
        if (_channel.Writer.TryWrite(new QueuedFrame(buffer, data.Length, pts, keyframe, discontinuity, kind)))
        {
            return true;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return false;
    }

    public void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);

    public ChannelReader<QueuedFrame> Reader => _channel.Reader;

    /// <summary>Returns what is still queued to the pool (after the reader is gone).</summary>
    public void Drain()
    {
        while (_channel.Reader.TryRead(out var frame))
        {
            ArrayPool<byte>.Shared.Return(frame.Buffer);
        }
    }
}

internal readonly record struct QueuedFrame(byte[] Buffer, int Length, long Pts, bool IsKeyframe, bool Discontinuity, MediaKind Kind)
{
    public MediaFrame ToMediaFrame() => new(Buffer.AsMemory(0, Length), Pts, Pts, IsKeyframe, Discontinuity, Kind);
}
