using System.Buffers;

namespace SmartHomeCam.WebRtc.Peers;

/// <summary>
/// One Opus packet ready to be an RTP payload as it is (RFC 7587 §4.2: one packet per RTP packet), shared read-only
/// by every viewer of the camera. Pooled and reference counted like <see cref="EncodedVideoFrame"/>: the publisher
/// holds one reference while it hands the frame out and each queued viewer one until it has sent it; the last
/// <see cref="Release"/> returns the buffer to <see cref="ArrayPool{T}.Shared"/> and the object to its pool.
/// </summary>
public sealed class EncodedAudioFrame : SharedFrame
{
    private readonly EncodedFramePool<EncodedAudioFrame>? pool;
    private byte[] data = [];

    private EncodedAudioFrame(EncodedFramePool<EncodedAudioFrame>? pool) => this.pool = pool;

    /// <summary>90 kHz time of the packet's first sample (the timeline the video shares).</summary>
    public long Pts { get; private set; }

    /// <summary>Duration in 48 kHz samples (from the packet's TOC byte).</summary>
    public int Samples { get; private set; }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Payload => data.AsSpan(0, Length);

    /// <summary>A frame holding one reference (the caller's), taken from <paramref name="pool"/> when it has one.</summary>
    internal static EncodedAudioFrame Create(EncodedFramePool<EncodedAudioFrame>? pool, ReadOnlySpan<byte> opus, long pts, int samples)
    {
        var frame = pool?.TryTake() ?? new EncodedAudioFrame(pool);
        frame.TakeFirstReference();
        frame.data = ArrayPool<byte>.Shared.Rent(Math.Max(1, opus.Length));
        opus.CopyTo(frame.data);
        frame.Length = opus.Length;
        frame.Pts = pts;
        frame.Samples = samples;
        return frame;
    }

    protected override void Free()
    {
        ArrayPool<byte>.Shared.Return(data);
        data = [];
        Length = 0;
        pool?.Return(this);
    }
}
