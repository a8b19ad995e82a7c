namespace SmartHomeCam.Nest;

/// <summary>A token endpoint answer. Not a record: its generated ToString would print the tokens.</summary>
public sealed class SdmTokens(string accessToken, DateTimeOffset expiresAt, string? refreshToken)
{
    public string AccessToken { get; } = accessToken;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>Only the code exchange returns one (with <c>access_type=offline</c>).</summary>
    public string? RefreshToken { get; } = refreshToken;

    public override string ToString() => $"SDM tokens expiring {ExpiresAt:O}";
}
