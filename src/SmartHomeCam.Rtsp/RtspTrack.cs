using System.Net;
using SmartHomeCam.Media;
using SmartHomeCam.Media.Rtcp;
using SmartHomeCam.Media.Rtp;
using SmartHomeCam.Media.Sdp;

namespace SmartHomeCam.Rtsp;

/// <summary>
/// One set-up media stream of a session: its SDP, where its RTP and RTCP travel (interleaved channels or a UDP
/// pair), its reorder window, depacketizer, reception statistics and place on the session clock.
/// </summary>
internal sealed class RtspTrack : IDisposable
{
    public RtspTrack(SdpMedia media, string controlUrl, MediaKind kind, int clockIndex, int reorderDepth)
    {
        Media = media;
        ControlUrl = controlUrl;
        Kind = kind;
        ClockIndex = clockIndex;
        Reception = new RtpReceptionStatistics(media.ClockRate);
        Reorder = new RtpReorderBuffer(reorderDepth);
    }

    public SdpMedia Media { get; }

    public string ControlUrl { get; }

    public MediaKind Kind { get; }

    public int ClockIndex { get; }

    public RtpReceptionStatistics Reception { get; }

    public RtpReorderBuffer Reorder { get; }

    public H264Depacketizer? Video { get; set; }

    public AacDepacketizer? Audio { get; set; }

    /// <summary>H.265 video (transcoder mode only).</summary>
    public H265Depacketizer? Hevc { get; set; }

    /// <summary>G.711 / L16 audio whose payloads go on as they are (transcoder mode only).</summary>
    public bool RawAudio { get; set; }

    public long MalformedPackets => (Video?.MalformedPackets ?? 0) + (Audio?.MalformedPackets ?? 0) + (Hevc?.MalformedPackets ?? 0);

    /// <summary>The reader fell behind: resume video at the next keyframe, marked.</summary>
    public void OnVideoLoss()
    {
        Video?.OnLoss();
        Hevc?.OnLoss();
    }

    public int RtpChannel { get; set; }

    public int RtcpChannel { get; set; }

    public UdpPortPair? Udp { get; set; }

    public IPEndPoint? ServerRtcp { get; set; }

    public IPEndPoint? ServerRtp { get; set; }

    /// <summary>Reused for our receiver reports: one allocation per track, not per report.</summary>
    public byte[] ReportBuffer { get; } = new byte[RtcpReceiverReport.MaxLength];

    public bool HasPackets { get; set; }

    public void Dispose()
    {
        Reorder.Dispose();
        Video?.Dispose();
        Audio?.Dispose();
        Hevc?.Dispose();
        Udp?.Dispose();
    }
}
