namespace SmartHomeCam.Data;

/// <summary>A one-time authorization code, stored only as its SHA-256 hash.</summary>
public sealed class AuthorizationCode
{
    public byte[] CodeHash { get; set; } = [];
    public Guid GrantId { get; set; }
    public string ClientId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string RedirectUri { get; set; } = "";
    public string? CodeChallenge { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Set atomically by the first redemption; a second redemption sees it and revokes the grant.</summary>
    public DateTimeOffset? RedeemedAt { get; set; }
}
