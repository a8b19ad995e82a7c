using Microsoft.Extensions.Options;

namespace SmartHomeCam.Streaming.Tokens;

/// <summary>
/// Mints and checks stream tokens: signature, expiry and the per-account revocation set. Revoking is not here:
/// every revocation is the end of a linking (<see cref="SmartHomeCam.Coordination.Channels.LinkingEnded"/>), applied by
/// <see cref="LinkingEndedSubscriber"/>.
/// </summary>
public sealed class StreamTokenService(
    StreamKeyRing keys, IStreamRevocations revocations, IOptions<StreamingOptions> options, TimeProvider clock)
{
    public (string Token, DateTimeOffset ExpiresAt) Mint(string deviceId, string userId)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        return (keys.Codec.Encode(deviceId, userId, now, expires), expires);
    }

    /// <summary>Claims of a genuine, unexpired, unrevoked token, else null.</summary>
    public StreamTokenClaims? Validate(string? token)
    {
        var claims = keys.Codec.Decode(token, clock.GetUtcNow());
        return claims is null || revocations.IsRevoked(claims.UserId, claims.IssuedAt) ? null : claims;
    }
}
