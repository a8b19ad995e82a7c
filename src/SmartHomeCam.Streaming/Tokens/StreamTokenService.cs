using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Coordination;

namespace SmartHomeCam.Streaming.Tokens;

/// <summary>Mints and checks stream tokens: signature, expiry and the per-account revocation set.</summary>
public sealed class StreamTokenService(
    StreamKeyRing keys, IStreamRevocations revocations, ICoordination coordination, IOptions<StreamingOptions> options, TimeProvider clock,
    ILogger<StreamTokenService> logger)
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

    /// <summary>
    /// Voids every stream token of the account issued until now, on every replica: announces
    /// <see cref="Channels.LinkingEnded"/>, which <see cref="LinkingEndedSubscriber"/> applies here and
    /// elsewhere. (Kept for callers that end a linking without announcing it themselves.)
    /// </summary>
    public void RevokeUser(string userId) => _ = AnnounceAsync(userId);

    private async Task AnnounceAsync(string userId)
    {
        try
        {
            await coordination.PublishAsync(Channels.LinkingEnded, userId).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Announcing the end of a linking failed; its stream URLs stay valid until they expire.");
        }
    }
}
