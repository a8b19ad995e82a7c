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

                if (await tokens.RenewAsync(id, credentials, o.TokenRenewalCheckInterval, o.TokenRenewalRetry, cancellationToken).ConfigureAwait(false) is null)
                {
                    continue; // renewed meanwhile by an overlapping pass or a stream's own re-login
                }

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

    private PeriodicTimer? schedule;

    /// <summary>
    /// Starts the schedule here rather than in <see cref="ExecuteAsync"/>, which .NET 10 runs on a pool thread
    /// whenever one is free: checks count from the moment the service starts, not from when that thread ran.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        schedule = new PeriodicTimer(options.Value.TokenRenewalCheckInterval, clock);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = schedule ?? new PeriodicTimer(options.Value.TokenRenewalCheckInterval, clock);
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
