using SmartHomeCam.WebRtc.Rtp;

namespace SmartHomeCam.WebRtc.Peers;

/// <summary>
/// One access unit already cut into RTP payloads, shared read-only by every viewer of the camera. It knows its
/// group of pictures, so a viewer that needs a key frame can replay the GOP up to it.
/// </summary>
public sealed class EncodedVideoFrame
{
    private readonly byte[] data;
    private readonly (int Offset, int Length, bool Marker)[] payloads;

    internal EncodedVideoFrame(RtpPayloadList list, long pts, bool isKeyFrame, GroupOfPictures gop)
    {
        data = new byte[list.TotalBytes];
        payloads = new (int, int, bool)[list.Count];
        var at = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var payload = list.Payload(i);
            payload.CopyTo(data.AsSpan(at));
            payloads[i] = (at, payload.Length, list.Marker(i));
            at += payload.Length;
        }

        Pts = pts;
        IsKeyFrame = isKeyFrame;
        Gop = gop;
        IndexInGop = gop.Append(this);
    }

    public long Pts { get; }

    public bool IsKeyFrame { get; }

    public GroupOfPictures Gop { get; }

    /// <summary>Position in <see cref="Gop"/>; −1 when the GOP was full and the frame was not kept.</summary>
    public int IndexInGop { get; }

    public int PayloadCount => payloads.Length;

    public int ByteCount => data.Length;

    public ReadOnlySpan<byte> Payload(int index) => data.AsSpan(payloads[index].Offset, payloads[index].Length);

    public bool Marker(int index) => payloads[index].Marker;
}
