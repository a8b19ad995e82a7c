namespace SmartHomeCam.Data;

/// <summary>
/// One camera-provider account a homeowner connected (a Nest account, an Arlo basestation, an RTSP URL, a demo
/// camera). An account may hold several per provider. Credentials are Data Protection ciphertext (one purpose per
/// provider); everything else here is safe to show.
/// </summary>
public sealed class ProviderConnection
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string ProviderId { get; set; } = "";
    public string DisplayName { get; set; } = "";

    /// <summary>Non-secret settings as a JSON object of strings (camera name, host, …).</summary>
    public string SettingsJson { get; set; } = "{}";

    /// <summary>The credential (token, password, cookie) encrypted with ASP.NET Data Protection; null when none.</summary>
    public string? ProtectedCredentials { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the provider last listed this connection's cameras successfully.</summary>
    public DateTimeOffset? LastListedAt { get; set; }

    /// <summary>Why the last listing failed (never containing the credential); null after a success.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? LastErrorAt { get; set; }
}
