namespace SmartHomeCam.Data;

/// <summary>
/// One account linking: the consent a user gave one client. Every code and token descends from a grant,
/// so revoking the grant revokes all of them at once (code replay, unlink, DISCONNECT).
/// </summary>
public sealed class OAuthGrant
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string Scope { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
