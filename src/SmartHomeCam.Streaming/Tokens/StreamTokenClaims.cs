namespace SmartHomeCam.Streaming.Tokens;

/// <summary>What a stream token grants: one camera of one account, from <see cref="IssuedAt"/> until <see cref="ExpiresAt"/>.</summary>
public sealed record StreamTokenClaims(
    string DeviceId,
    string UserId,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string KeyId);
