using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Data;

namespace SmartHomeCam.HomeGraph.Reporting;

/// <summary>
/// The "initial report after a restart for accounts whose state changed while we were down": a change made
/// while no process ran produced no camera event, so shortly after start every account Google knows is listed
/// afresh. The catalog compares that listing with the last known one and records online/offline (and
/// added/renamed/retyped) events for what differs, through the durable outbox; the reporter then reports exactly
/// those devices. Accounts whose cameras did not change produce no event and no call. A few accounts are listed at a
/// time. Every starting replica lists (a skipped listing would lose a change; a repeated one finds nothing new and
/// providers cache their listings within their quotas).
/// </summary>
internal sealed class RestartCatchUp(
    ICameraCatalog catalog,
    IServiceScopeFactory scopes,
    IOptions<HomeGraphOptions> options,
    TimeProvider clock,
    ILogger<RestartCatchUp> logger) : BackgroundService
{
    private const int Parallelism = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            // Providers start (basestation listener, subscriptions) and cameras re-register before we compare.
            await Task.Delay(settings.RestartListingDelay, clock, stoppingToken).ConfigureAwait(false);
            var userIds = await LinkedAccountsAsync(stoppingToken).ConfigureAwait(false);
            var listed = 0;
            await Parallel.ForEachAsync(userIds, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken }, async (userId, ct) =>
            {
                if (await ListAsync(userId, ct).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref listed);
                }
            }).ConfigureAwait(false);
            logger.LogInformation("Re-listed {Listed} of {Count} linked account(s) after start to catch changes made while stopped.", listed, userIds.Count);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before the catch-up ran: the next start does it.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not re-list the linked accounts after start.");
        }
    }

    private async Task<List<string>> LinkedAccountsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.HomeGraphAccounts.AsNoTracking().Where(a => a.StoppedAt == null).OrderBy(a => a.UserId)
            .Select(a => a.UserId).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> ListAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            await catalog.ListAsync(userId, refresh: true, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not re-list account {UserId} after start: {Error}", userId, e.Message);
            return false;
        }
    }
}
