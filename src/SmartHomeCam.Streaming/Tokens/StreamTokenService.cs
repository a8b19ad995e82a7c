using Microsoft.Extensions.Options;

namespace SmartHomeCam.Streaming.Tokens;

/// <summary>Mints and checks stream tokens: signature, expiry and the per-account revocation set.</summary>
public sealed class StreamTokenService(StreamKeyRing keys, IStreamRevocations revocations, IOptions<StreamingOptions> options, TimeProvider clock)
{
    public (string Token, DateTimeOffset ExpiresAt) Mint(Guid sessionId, string deviceId, string userId)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        return (keys.Codec.Encode(sessionId, deviceId, userId, now, expires), expires);
    }

    /// <summary>Claims of a genuine, unexpired, unrevoked token, else null.</summary>
    public StreamTokenClaims? Validate(string? token)
    {
        var claims = keys.Codec.Decode(token, clock.GetUtcNow());
        return claims is null || revocations.IsRevoked(claims.UserId, claims.IssuedAt) ? null : claims;
    }

    /// <summary>Voids every stream token of the account issued until now (DISCONNECT, unlink).</summary>
    public void RevokeUser(string userId) => revocations.RevokeUser(userId, clock.GetUtcNow());
}
