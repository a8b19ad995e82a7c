using System.Buffers;
using SmartHomeCam.WebRtc.Rtp;

namespace SmartHomeCam.WebRtc.Peers;

/// <summary>
/// One access unit already cut into RTP payloads, shared read-only by every viewer of the camera. It knows its
/// group of pictures, so a viewer that needs a key frame can replay the GOP up to it.
/// </summary>
/// <remarks>
/// Pooled and reference counted, so the capture loop allocates nothing per frame: the publisher holds one
/// reference while it hands the frame out, its GOP one while the GOP is current, and each queued or replaying
/// viewer one until it has sent it. The last <see cref="Release"/> returns the buffers to
/// <see cref="ArrayPool{T}.Shared"/> and the object to its pool. A holder must never touch a frame it released.
/// </remarks>
public sealed class EncodedVideoFrame : SharedFrame
{
    private readonly EncodedFramePool<EncodedVideoFrame>? pool;
    private byte[] data = [];
    private Segment[] payloads = [];
    private int payloadCount;
    private int byteCount;

    private EncodedVideoFrame(EncodedFramePool<EncodedVideoFrame>? pool) => this.pool = pool;

    public long Pts { get; private set; }

    public bool IsKeyFrame { get; private set; }

    public GroupOfPictures Gop { get; private set; } = null!;

    /// <summary>Position in <see cref="Gop"/>; −1 when the GOP was full and the frame was not kept.</summary>
    public int IndexInGop { get; private set; }

    public int PayloadCount => payloadCount;

    public int ByteCount => byteCount;

    public ReadOnlySpan<byte> Payload(int index) => data.AsSpan(payloads[index].Offset, payloads[index].Length);

    public bool Marker(int index) => payloads[index].Marker;

    /// <summary>A frame holding one reference (the caller's), taken from <paramref name="pool"/> when it has one.</summary>
    internal static EncodedVideoFrame Create(EncodedFramePool<EncodedVideoFrame>? pool, RtpPayloadList list, long pts, bool isKeyFrame, GroupOfPictures gop)
    {
        var frame = pool?.TryTake() ?? new EncodedVideoFrame(pool);
        frame.Fill(list, pts, isKeyFrame, gop);
        return frame;
    }

    protected override void Free()
    {
        ArrayPool<byte>.Shared.Return(data);
        ArrayPool<Segment>.Shared.Return(payloads);
        data = [];
        payloads = [];
        payloadCount = 0;
        byteCount = 0;
        Gop = null!;
        pool?.Return(this);
    }

    private void Fill(RtpPayloadList list, long pts, bool isKeyFrame, GroupOfPictures gop)
    {
        TakeFirstReference();
        data = ArrayPool<byte>.Shared.Rent(Math.Max(1, list.TotalBytes));
        payloads = ArrayPool<Segment>.Shared.Rent(Math.Max(1, list.Count));
        payloadCount = list.Count;
        byteCount = list.TotalBytes;
        var at = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var payload = list.Payload(i);
            payload.CopyTo(data.AsSpan(at));
            payloads[i] = new Segment(at, payload.Length, list.Marker(i));
            at += payload.Length;
        }

        Pts = pts;
        IsKeyFrame = isKeyFrame;
        Gop = gop;
        IndexInGop = gop.Append(this);
    }

    internal readonly record struct Segment(int Offset, int Length, bool Marker);
}
