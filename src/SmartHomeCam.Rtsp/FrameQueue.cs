using System.Buffers;
using System.Threading.Channels;
using SmartHomeCam.Media;

namespace SmartHomeCam.Rtsp;

/// <summary>
/// Frames between the receive side and the reader, each in a pooled buffer returned when the reader moves on.
/// The receive side stages the frames of one read (under its media lock) and publishes them together with
/// <see cref="Flush"/> (outside it): a reader waiting for frames then runs on the receiving thread, so a frame
/// costs no thread hop. Bounded: when the reader falls behind, a frame is refused (the caller then
/// resynchronises at the next IDR), so a stalled consumer cannot grow memory.
/// </summary>
internal sealed class FrameQueue
{
    private const int Capacity = 256;

    private readonly Channel<QueuedFrame> _channel = Channel.CreateBounded<QueuedFrame>(
        new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = true,
        });

    private readonly Lock _stagingLock = new();
    private readonly Lock _flushLock = new();
    private readonly List<QueuedFrame> _staged = new(8);
    private readonly List<QueuedFrame> _publishing = new(8);

    public ChannelReader<QueuedFrame> Reader => _channel.Reader;

    /// <summary>Copies a frame into a pooled buffer for the next <see cref="Flush"/>.</summary>
    public void Stage(ReadOnlySpan<byte> data, long pts, bool keyframe, bool discontinuity, MediaKind kind)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(data.Length, 1));
        data.CopyTo(buffer);
        lock (_stagingLock)
        {
            _staged.Add(new QueuedFrame(buffer, data.Length, pts, keyframe, discontinuity, kind));
        }
    }

    /// <summary>
    /// Publishes the staged frames, in order. The reader may run inline, so call this holding no lock. Returns how
    /// many video and audio frames were refused because the reader fell behind (their buffers are returned).
    /// </summary>
    public (int Video, int Audio) Flush()
    {
        lock (_flushLock)
        {
            lock (_stagingLock)
            {
                if (_staged.Count == 0)
                {
                    return (0, 0);
                }

                _publishing.AddRange(_staged);
                _staged.Clear();
            }

            var (video, audio) = (0, 0);
            foreach (var frame in _publishing)
            {
                if (!_channel.Writer.TryWrite(frame))
                {
                    ArrayPool<byte>.Shared.Return(frame.Buffer);
                    (video, audio) = frame.Kind == MediaKind.Video ? (video + 1, audio) : (video, audio + 1);
                }
            }

            _publishing.Clear();
            return (video, audio);
        }
    }

    public void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);

    /// <summary>Returns what is still staged or queued to the pool (after the reader is gone).</summary>
    public void Drain()
    {
        lock (_stagingLock)
        {
            foreach (var frame in _staged)
            {
                ArrayPool<byte>.Shared.Return(frame.Buffer);
            }

            _staged.Clear();
        }

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
