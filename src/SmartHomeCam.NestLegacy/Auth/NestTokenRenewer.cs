using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.NestLegacy.Auth;

/// <summary>
/// Renews every cached Nest token before it expires (spec §1: JWTs live one hour), on a timer rather than only
/// when a caller finds it stale, so a stream never waits for a login and running streams re-authorise with the
/// fresh token before the old one is refused. A failure is logged and marked on the connection in plain words;
/// the entry then backs off (longer when the credential itself was refused) while the old token lasts.
/// </summary>
public sealed class NestTokenRenewer(
    NestTokenCache tokens, INestConnectionDirectory connections, IOptions<NestLegacyOptions> options, TimeProvider clock, ILogger<NestTokenRenewer> logger)
    : BackgroundService
{
    /// <summary>Renews what is due now; returns how many renewals succeeded.</summary>
    public async Task<int> RenewDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var renewed = 0;
        foreach (var id in tokens.DueForRenewal(o.TokenRenewalCheckInterval))
        {
            try
            {
                var credentials = await connections.CredentialsAsync(id, cancellationToken).ConfigureAwait(false);
                if (credentials is null)
                {
                    tokens.Forget(id); // the connection was removed
                    continue;
                }

                await tokens.RenewAsync(id, credentials, o.TokenRenewalRetry, cancellationToken).ConfigureAwait(false);
                await connections.MarkAsync(id, null, cancellationToken).ConfigureAwait(false);
                renewed++;
                logger.LogDebug("Renewed the Nest token of connection {ConnectionId}.", id);
            }
            catch (NestAuthException e)
            {
                logger.LogWarning("Renewing the Nest token of connection {ConnectionId} failed: {Problem}", id, e.Message);
                await connections.MarkAsync(id, e.Message, cancellationToken).ConfigureAwait(false);
            }
        }

        return renewed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TokenRenewalCheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RenewDueAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Renewing Nest tokens failed; retrying at the next check.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }
}
