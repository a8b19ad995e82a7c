using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using SmartHomeCam.Coordination;

namespace SmartHomeCam.Linking;

/// <summary>
/// The one way a linking ends (DISCONNECT, dashboard Unlink, revocation of a refresh token, code replay, password
/// change, account deletion): OpenIddict revokes the authorization and its tokens in the database, this process
/// refuses its access tokens at once, every replica within a pub/sub round trip, and
/// <see cref="Channels.LinkingEnded"/> tells Streaming to void the account's stream URLs and stop its sessions.
/// </summary>
public sealed class LinkRevoker(
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    RevokedLinks revoked,
    ICoordination coordination,
    IOptions<LinkingOptions> options,
    TimeProvider clock,
    ILogger<LinkRevoker> logger)
{
    /// <summary>Ends one linking; false when no such authorization exists.</summary>
    public async Task<bool> RevokeAuthorizationAsync(string authorizationId, CancellationToken cancellationToken)
    {
        var authorization = await authorizations.FindByIdAsync(authorizationId, cancellationToken).ConfigureAwait(false);
        if (authorization is null)
        {
            return false;
        }

        var userId = await authorizations.GetSubjectAsync(authorization, cancellationToken).ConfigureAwait(false);
        await RevokeAsync(authorization, cancellationToken).ConfigureAwait(false);
        await AnnounceAsync([authorizationId], userId).ConfigureAwait(false);
        return true;
    }

    /// <summary>DISCONNECT: ends every linking of <paramref name="userId"/> with <paramref name="clientId"/>.</summary>
    public async Task RevokeClientLinksAsync(string userId, string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken).ConfigureAwait(false);
        var applicationId = application is null ? null : await applications.GetIdAsync(application, cancellationToken).ConfigureAwait(false);
        var ended = applicationId is null
            ? []
            : await RevokeWhereAsync(authorizations.FindAsync(userId, applicationId, OpenIddictConstants.Statuses.Valid, type: null, scopes: null, cancellationToken), cancellationToken).ConfigureAwait(false);
        await AnnounceAsync(ended, userId).ConfigureAwait(false);
    }

    /// <summary>Password change and account deletion: ends every linking of the account.</summary>
    public async Task RevokeAllLinksAsync(string userId, CancellationToken cancellationToken)
    {
        var ended = await RevokeWhereAsync(authorizations.FindBySubjectAsync(userId, cancellationToken), cancellationToken).ConfigureAwait(false);
        await AnnounceAsync(ended, userId).ConfigureAwait(false);
    }

    /// <summary>
    /// RFC 7009 revocation of an access token (OpenIddict already marked its entry): only that token ends, here
    /// and on every replica, and the linking lives on.
    /// </summary>
    public async Task ForgetAccessTokenAsync(string tokenId, DateTimeOffset? expires)
    {
        var notice = new RevocationNotice(false, tokenId, expires ?? clock.GetUtcNow() + AccessTokenReach);
        notice.ApplyTo(revoked);
        await PublishAsync(RevocationNotice.Channel, notice.ToString()).ConfigureAwait(false);
    }

    /// <summary>Access tokens issued before a revocation expire at the latest this long after it.</summary>
    private TimeSpan AccessTokenReach => options.Value.EffectiveAccessTokenLifetime + TimeSpan.FromMinutes(1);

    private async Task<List<string>> RevokeWhereAsync(IAsyncEnumerable<object> found, CancellationToken cancellationToken)
    {
        var ended = new List<string>();
        var all = new List<object>();
        await foreach (var authorization in found.ConfigureAwait(false))
        {
            all.Add(authorization);
        }

        foreach (var authorization in all)
        {
            var id = await authorizations.GetIdAsync(authorization, cancellationToken).ConfigureAwait(false);
            if (id is not null)
            {
                await RevokeAsync(authorization, cancellationToken).ConfigureAwait(false);
                ended.Add(id);
            }
        }

        return ended;
    }

    private async Task RevokeAsync(object authorization, CancellationToken cancellationToken)
    {
        var id = await authorizations.GetIdAsync(authorization, cancellationToken).ConfigureAwait(false);
        if (!await authorizations.HasStatusAsync(authorization, OpenIddictConstants.Statuses.Revoked, cancellationToken).ConfigureAwait(false))
        {
            await authorizations.TryRevokeAsync(authorization, cancellationToken).ConfigureAwait(false);
        }

        if (id is not null)
        {
            await tokens.RevokeByAuthorizationIdAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AnnounceAsync(List<string> authorizationIds, string? userId)
    {
        var until = clock.GetUtcNow() + AccessTokenReach;
        foreach (var id in authorizationIds)
        {
            var notice = new RevocationNotice(true, id, until);
            notice.ApplyTo(revoked); // at once here; the echo of the publish below is harmless
            await PublishAsync(RevocationNotice.Channel, notice.ToString()).ConfigureAwait(false);
        }

        if (!string.IsNullOrEmpty(userId))
        {
            await PublishAsync(Channels.LinkingEnded, userId).ConfigureAwait(false);
            logger.LogInformation("Ended {Count} linking(s) of user {UserId}.", authorizationIds.Count, userId);
        }
    }

    private async Task PublishAsync(string channel, string message)
    {
        try
        {
            await coordination.PublishAsync(channel, message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database already says revoked and this replica already refuses the tokens; others catch up at
            // their next start, or when the tokens expire.
            logger.LogError(e, "Could not announce a revocation on {Channel}.", channel);
        }
    }
}
