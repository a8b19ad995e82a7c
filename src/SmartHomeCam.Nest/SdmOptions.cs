namespace SmartHomeCam.Nest;

/// <summary>
/// The operator's Device Access set-up (section <c>Nest</c>). Every Google address is configurable so tests and
/// staging can point at fakes.
/// </summary>
public sealed class SdmOptions
{
    public const string Section = "Nest";

    /// <summary>The Device Access project id (a UUID from the Device Access console); empty disables Nest.</summary>
    public string ProjectId { get; set; } = "";

    /// <summary>The Google Cloud OAuth client (type "web") whose redirect URI is ours.</summary>
    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Our callback as registered with the OAuth client; empty: <c>{public origin}/nest/callback</c>.</summary>
    public string RedirectUri { get; set; } = "";

    /// <summary>Partner Connections Manager (spec §1).</summary>
    public Uri ConsentBaseUrl { get; set; } = new("https://nestservices.google.com/partnerconnections/");

    public Uri TokenUrl { get; set; } = new("https://www.googleapis.com/oauth2/v4/token");

    public Uri ApiBaseUrl { get; set; } = new("https://smartdevicemanagement.googleapis.com/v1/");

    /// <summary>Send a PKCE challenge with the consent request and the verifier with the code.</summary>
    public bool UsePkce { get; set; } = true;

    /// <summary>Secret path segment of the Pub/Sub push endpoint <c>/nest/events/{secret}</c>; empty disables it.</summary>
    public string PushSecret { get; set; } = "";

    /// <summary>Pub/Sub delivery of events (push or pull).</summary>
    public Events.SdmPubSubOptions PubSub { get; set; } = new();

    /// <summary>How long structure (home) and room names are reused; a relationUpdate forgets them sooner.</summary>
    public TimeSpan StructureCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a device list is reused (devices.list allows 5 calls a minute).</summary>
    public TimeSpan DeviceListCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extend a stream this long before its <c>expiresAt</c> (the new session must be open before the old dies).</summary>
    public TimeSpan ExtendLeadTime { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How long opening an RTSP session may take, and how long a stream waits for its next session when the old one died first.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Refresh the access token when it has less than this left.</summary>
    public TimeSpan AccessTokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long events are held to be delivered in timestamp order.</summary>
    public TimeSpan EventReorderWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an event id is remembered for de-duplication.</summary>
    public TimeSpan EventDeduplicationWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest wait honoured from a Retry-After before the call fails instead.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Base delay of the transient-failure retries (exponential, jittered).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Sandbox quotas (spec §4) enforced on our side so Google never has to answer 429.</summary>
    public int ListPerMinute { get; set; } = 5;

    public int ExecutePerMinute { get; set; } = 10;

    public int CommandPerDevicePerMinute { get; set; } = 5;

    /// <summary>For <c>rtsps://</c> against a private CA (tests only; not bound from configuration).</summary>
    public System.Net.Security.RemoteCertificateValidationCallback? RtspCertificateValidation { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ProjectId) && !string.IsNullOrWhiteSpace(ClientId);

    public Uri DevicesUrl => new(ApiBaseUrl, $"enterprises/{Uri.EscapeDataString(ProjectId)}/devices");

    public Uri DeviceUrl(string deviceId) => new(ApiBaseUrl, $"enterprises/{Uri.EscapeDataString(ProjectId)}/devices/{Uri.EscapeDataString(deviceId)}");

    public Uri StructuresUrl => new(ApiBaseUrl, $"enterprises/{Uri.EscapeDataString(ProjectId)}/structures");
}
