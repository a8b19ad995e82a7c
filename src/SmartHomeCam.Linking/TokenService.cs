using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Data;

namespace SmartHomeCam.Linking;

/// <summary>
/// The token side of the authorization server: code exchange, refresh, revocation and bearer validation.
/// Tokens are opaque; only their SHA-256 hashes are stored.
/// </summary>
public sealed class TokenService(
    AppDbContext db, IOptions<LinkingOptions> options, TimeProvider clock, AccessTokenCache cache, ILogger<TokenService> logger)
{
    private int AccessLifetimeSeconds => (int)Math.Max(60, options.Value.AccessTokenLifetime.TotalSeconds);

    /// <summary>authorization_code grant (RFC 6749 §4.1.3), with PKCE (RFC 7636 §4.6) and replay revocation (§4.1.2).</summary>
    public async Task<TokenResult> ExchangeCodeAsync(
        OAuthClient client, string? code, string? redirectUri, string? codeVerifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(code))
        {
            return TokenResult.Fail("invalid_request", "code is required.");
        }

        var hash = SecureToken.Hash(code);
        var now = clock.GetUtcNow();
        var stored = await db.AuthorizationCodes.AsNoTracking()
            .SingleOrDefaultAsync(c => c.CodeHash == hash, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.ClientId != client.ClientId)
        {
            return TokenResult.Fail("invalid_grant", "The authorization code is invalid.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The conditional update is the single point of truth: of any number of concurrent redemptions
        // exactly one changes a row.
        var claimed = await db.AuthorizationCodes
            .Where(c => c.CodeHash == hash && c.RedeemedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RedeemedAt, now), cancellationToken).ConfigureAwait(false);
        if (claimed == 0)
        {
            await RevokeGrantCoreAsync(stored.GrantId, now, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            cache.Invalidate();
            logger.LogWarning("Authorization code replayed for grant {GrantId}; every token issued from it was revoked.", stored.GrantId);
            return TokenResult.Fail("invalid_grant", "The authorization code was already used.");
        }

        var failure =
            stored.ExpiresAt <= now ? "The authorization code has expired." :
            !string.Equals(stored.RedirectUri, redirectUri, StringComparison.Ordinal) ? "redirect_uri does not match the authorization request." :
            stored.CodeChallenge is not null && !Pkce.Verify(codeVerifier, stored.CodeChallenge) ? "PKCE verification failed." :
            stored.CodeChallenge is null && codeVerifier is not null ? "code_verifier sent for a request without code_challenge." :
            null;
        var grantAlive = await db.OAuthGrants.AnyAsync(g => g.Id == stored.GrantId && g.RevokedAt == null, cancellationToken).ConfigureAwait(false);
        if (failure is not null || !grantAlive)
        {
            // The code stays burnt, so a failed PKCE guess cannot be retried.
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return TokenResult.Fail("invalid_grant", failure ?? "The authorization was revoked.");
        }

        var access = AddToken(OAuthTokenKind.Access, stored.GrantId, client.ClientId, stored.UserId, now);
        var refresh = AddToken(OAuthTokenKind.Refresh, stored.GrantId, client.ClientId, stored.UserId, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new TokenResult(access, refresh, AccessLifetimeSeconds, null);
    }

    /// <summary>refresh_token grant (RFC 6749 §6). Refresh tokens do not rotate (spec §4.2, checklist 30).</summary>
    public async Task<TokenResult> RefreshAsync(OAuthClient client, string? refreshToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(refreshToken))
        {
            return TokenResult.Fail("invalid_request", "refresh_token is required.");
        }

        var hash = SecureToken.Hash(refreshToken);
        var stored = await db.OAuthTokens.AsNoTracking()
            .SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Kind != OAuthTokenKind.Refresh || stored.ClientId != client.ClientId || stored.RevokedAt is not null)
        {
            return TokenResult.Fail("invalid_grant", "The refresh token is invalid or revoked.");
        }

        var now = clock.GetUtcNow();
        var access = AddToken(OAuthTokenKind.Access, stored.GrantId, client.ClientId, stored.UserId, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new TokenResult(access, null, AccessLifetimeSeconds, null);
    }

    /// <summary>RFC 7009: revoking a refresh token ends the whole linking; an access token only itself. Unknown tokens are not an error.</summary>
    public async Task RevokeAsync(OAuthClient client, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var hash = SecureToken.Hash(token);
        var stored = await db.OAuthTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.ClientId != client.ClientId || stored.RevokedAt is not null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (stored.Kind == OAuthTokenKind.Refresh)
        {
            await RevokeGrantAsync(stored.GrantId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            stored.RevokedAt = now;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            cache.Invalidate();
        }
    }

    /// <summary>Ends one linking: the grant and every code and token issued under it.</summary>
    public async Task RevokeGrantAsync(Guid grantId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await RevokeGrantCoreAsync(grantId, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        cache.Invalidate(); // again after commit: a lookup racing the revocation cannot have re-cached the token
    }

    /// <summary>Ends every linking of one user with one client (DISCONNECT).</summary>
    public async Task RevokeUserClientAsync(string userId, string clientId, CancellationToken cancellationToken)
    {
        var grants = await db.OAuthGrants.AsNoTracking()
            .Where(g => g.UserId == userId && g.ClientId == clientId && g.RevokedAt == null)
            .Select(g => g.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var grant in grants)
        {
            await RevokeGrantAsync(grant, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Looks up a bearer token; null when unknown, expired or revoked.</summary>
    public async Task<AccessTokenInfo?> ValidateAccessTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }

        var hash = SecureToken.Hash(token);
        var key = Convert.ToBase64String(hash);
        if (cache.Get(key) is { } cached)
        {
            return cached;
        }

        var epoch = cache.Epoch;
        var now = clock.GetUtcNow();
        var found = await db.OAuthTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.Kind == OAuthTokenKind.Access && t.RevokedAt == null)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, u.AgentUserId })
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (found is not { Token.ExpiresAt: { } expires } || expires <= now)
        {
            return null;
        }

        var info = new AccessTokenInfo(found.Token.UserId, found.AgentUserId, found.Token.ClientId, found.Token.GrantId, expires);
        cache.Set(key, info, epoch);
        return info;
    }

    private async Task RevokeGrantCoreAsync(Guid grantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.OAuthGrants.Where(g => g.Id == grantId && g.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.RevokedAt, now), cancellationToken).ConfigureAwait(false);
        await db.OAuthTokens.Where(t => t.GrantId == grantId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken).ConfigureAwait(false);
        await db.AuthorizationCodes.Where(c => c.GrantId == grantId && c.RedeemedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RedeemedAt, now), cancellationToken).ConfigureAwait(false);
    }

    private string AddToken(OAuthTokenKind kind, Guid grantId, string clientId, string userId, DateTimeOffset now)
    {
        var token = SecureToken.Create();
        db.OAuthTokens.Add(new OAuthToken
        {
            TokenHash = SecureToken.Hash(token),
            Kind = kind,
            GrantId = grantId,
            ClientId = clientId,
            UserId = userId,
            CreatedAt = now,
            ExpiresAt = kind == OAuthTokenKind.Access ? now.AddSeconds(AccessLifetimeSeconds) : null,
        });
        return token;
    }
}
