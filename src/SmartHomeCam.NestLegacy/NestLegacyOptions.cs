using SmartHomeCam.NestLegacy.Transport;

namespace SmartHomeCam.NestLegacy;

/// <summary>Settings of the legacy Nest provider (section <c>NestLegacy</c>); every host is configurable so tests use fakes.</summary>
public sealed class NestLegacyOptions
{
    /// <summary>Whether the provider is offered at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Hosts an issueToken URL may point at (spec §1a); anything else is refused, so a pasted URL cannot aim the server elsewhere.</summary>
    public IList<string> IssueTokenHosts { get; } = ["accounts.google.com"];

    public Uri IssueJwtUrl { get; set; } = new("https://nestauthproxyservice-pa.googleapis.com/v1/issue_jwt");

    /// <summary>The <c>x-goog-api-key</c> of the issue_jwt call when the connection names none.</summary>
    public string? ApiKey { get; set; }

    public Uri NestLoginUrl { get; set; } = new("https://webapi.camera.home.nest.com/api/v1/login.login_nest");

    /// <summary>Camera REST API (spec §2).</summary>
    public Uri CameraApiBaseUrl { get; set; } = new("https://webapi.camera.home.nest.com/");

    public string Referer { get; set; } = "https://home.nest.com";

    public string UserAgent { get; set; } = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

    public NexusTransportKind Transport { get; set; } = NexusTransportKind.Tls;

    /// <summary><c>wss</c> in production; <c>ws</c> only for a plain test server.</summary>
    public string WebSocketScheme { get; set; } = "wss";

    /// <summary>SHA-256 fingerprints (hex) of server certificates accepted even without a trusted chain.</summary>
    public IList<string> TrustedCertificateSha256 { get; } = [];

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Both reference clients PING every 15 s (spec §5).</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>No media for this long: reconnect (accfactory uses 8 s).</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(8);

    public int MaxRedirects { get; set; } = 3;

    /// <summary>Reconnects in a row without a single media packet before the source gives up (the capture session then backs off).</summary>
    public int MaxReconnectsWithoutMedia { get; set; } = 3;

    /// <summary>Further than this from the arrival clock, camera timestamps are deemed implausible.</summary>
    public TimeSpan MaxTimestampDrift { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Ask for the camera's AAC channel when it has a microphone with audio enabled.</summary>
    public bool Audio { get; set; } = true;

    public int MaxPacketLength { get; set; } = Protocol.NexusPacketReader.DefaultMaxPayloadLength;

    /// <summary>Nest JWTs live 1 h (spec §1a); renew this long before.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the renewal timer looks for tokens due within the margin (plus this period).</summary>
    public TimeSpan TokenRenewalCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After a failed renewal, wait this long before trying that connection again.</summary>
    public TimeSpan TokenRenewalRetry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often linked accounts' camera lists are fetched again (changes become camera events).</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromMinutes(5);
}
