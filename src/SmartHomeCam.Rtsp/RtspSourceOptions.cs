using System.Net;
using System.Net.Security;

namespace SmartHomeCam.Rtsp;

/// <summary>
/// Where and how one RTSP source connects. <c>rtsp://</c> is plain TCP, <c>rtsps://</c> is TLS on the same API
/// (Nest SDM). Credentials in the URL's user-info are used as well as <see cref="Credentials"/>.
/// </summary>
public sealed record RtspSourceOptions(Uri Url)
{
    public RtspTransport Transport { get; init; } = RtspTransport.Tcp;

    /// <summary>Basic or Digest, whichever the server's 401 asks for.</summary>
    public NetworkCredential? Credentials { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long any one RTSP request may wait for its answer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>No media for this long while playing ends the source with <c>CameraSourceException</c>.</summary>
    public TimeSpan MediaTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long dispose waits for the TEARDOWN answer before closing anyway.</summary>
    public TimeSpan TeardownTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>RTCP receiver reports at least this often (Arlo cuts a client whose reports stop for 6 s).</summary>
    public TimeSpan ReceiverReportInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether to pass audio on (AAC only; other audio codecs are dropped).</summary>
    public bool Audio { get; init; } = true;

    /// <summary>
    /// For the transcode fallback (<see cref="Transcoded.TranscodedRtspCameraSource"/>): H.265 video is depacketized
    /// (RFC 7798) instead of refused, and G.711 / L16 audio is passed on as raw RTP payloads instead of dropped.
    /// </summary>
    internal bool ForTranscoder { get; init; }

    /// <summary>For <c>rtsps://</c> against a private CA (tests); null means the system's trust store.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }
}
