using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>How a <see cref="FakeRtspServer"/> behaves: what it plays, who may play it, and which camera rules it enforces.</summary>
public sealed class FakeRtspServerOptions
{
    public required FakeRtspMedia Media { get; init; }

    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>The stream's path (tracks are <c>{Path}/trackID=N</c>); null accepts any path.</summary>
    public string? Path { get; init; } = "/live";

    /// <summary>Requires Digest (or Basic, see <see cref="BasicAuth"/>) authentication with these credentials.</summary>
    public NetworkCredential? Credentials { get; init; }

    public bool BasicAuth { get; init; }

    /// <summary>Serves <c>rtsps://</c>: TLS with this certificate (see <see cref="TestCertificateAuthority"/>).</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>
    /// Checks every request (method, full URL) before anything else; a non-2xx result is the reply (e.g. 404 for an
    /// unknown or expired stream token).
    /// </summary>
    public Func<string, Uri, int>? RequestValidator { get; init; }

    /// <summary>When (if ever) a session opened by this DESCRIBE URL is cut, whatever the client does (Nest "strict").</summary>
    public Func<Uri, DateTimeOffset?>? SessionDeadline { get; init; }

    /// <summary>Arlo rule: once receiver reports have started, a gap longer than this cuts the stream. Null disables it.</summary>
    public TimeSpan? ReceiverReportTimeout { get; init; }

    /// <summary>
    /// How long a session whose client vanished without TEARDOWN keeps sending (counted in
    /// <see cref="FakeRtspCounters.PacketsToNobody"/>); null sends until the server stops, as a real Arlo camera does.
    /// </summary>
    public TimeSpan? OrphanLinger { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Arlo: one reader at a time; SETUP is refused (453) while another session, orphaned or not, streams.</summary>
    public bool SingleSession { get; init; }

    public TimeSpan SenderReportInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>RTP payload bytes per packet before FU-A fragmentation.</summary>
    public int MaxPayload { get; init; } = 1400;

    /// <summary>The session timeout announced in the Session header (seconds); not enforced.</summary>
    public int SessionTimeoutSeconds { get; init; } = 60;

    /// <summary>Arlo rule shorthand: RR timeout 6 s, orphans stream until stopped, one session at a time.</summary>
    public static FakeRtspServerOptions Arlo(FakeRtspMedia media) => new()
    {
        Media = media,
        ReceiverReportTimeout = TimeSpan.FromSeconds(6),
        OrphanLinger = null,
        SingleSession = true,
        SenderReportInterval = TimeSpan.FromSeconds(5),
    };
}
