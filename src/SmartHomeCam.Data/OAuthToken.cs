namespace SmartHomeCam.Data;

public enum OAuthTokenKind
{
    Access = 1,
    Refresh = 2,
}

/// <summary>An issued access or refresh token, stored only as its SHA-256 hash.</summary>
public sealed class OAuthToken
{
    public byte[] TokenHash { get; set; } = [];
    public OAuthTokenKind Kind { get; set; }
    public Guid GrantId { get; set; }
    public string ClientId { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Null for refresh tokens: they live until revoked (spec §4.2).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
