using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Data;
using SmartHomeCam.HomeGraph.Client;

namespace SmartHomeCam.HomeGraph.Reporting;

/// <summary>
/// Makes the queued HomeGraph calls: at most <see cref="HomeGraphOptions.CallsPerMinute"/> (Google's quota is per
/// integration, spec §5) and <see cref="HomeGraphOptions.MaxConcurrentCalls"/> at a time, so an outage or a slow
/// Google only lengthens this queue. At start it re-reports accounts whose changes were pending when the last
/// process stopped.
/// </summary>
internal sealed class HomeGraphWorker(
    ReportQueue queue,
    HomeGraphService homeGraph,
    HomeGraphAccountStore accounts,
    HomeGraphStatistics statistics,
    IServiceScopeFactory scopes,
    IOptions<HomeGraphOptions> options,
    TimeProvider clock,
    ILogger<HomeGraphWorker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> reported = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var perSecond = Math.Max(1, settings.CallsPerMinute / 60);
        using var quota = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        using var slots = new SemaphoreSlim(Math.Max(1, settings.MaxConcurrentCalls));
        await CatchUpAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var next = queue.NextDue();
                var wait = next is null ? TimeSpan.FromSeconds(1) : next.Value - clock.GetUtcNow();
                await queue.WaitAsync(wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, stoppingToken).ConfigureAwait(false);
                foreach (var work in queue.TakeDue(clock.GetUtcNow(), 256))
                {
                    using var lease = await quota.AcquireAsync(1, stoppingToken).ConfigureAwait(false);
                    await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                    _ = RunAsync(work, slots, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            var pending = await accounts.PendingAsync(cancellationToken).ConfigureAwait(false);
            foreach (var userId in pending)
            {
                queue.AddState(userId, null, clock.GetUtcNow());
            }

            if (pending.Count > 0)
            {
                logger.LogInformation("Re-reporting {Count} account(s) whose state changed before the last stop.", pending.Count);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read the accounts pending a HomeGraph report.");
        }
    }

    private async Task RunAsync(ReportWork work, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await (work switch
            {
                StateWork state => ReportStateAsync(state, cancellationToken),
                NotificationWork notification => NotifyAsync(notification, cancellationToken),
                RequestSyncWork sync => RequestSyncAsync(sync, cancellationToken),
                DeleteAgentUserWork delete => DeleteAsync(delete, cancellationToken),
                _ => Task.CompletedTask,
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: pending markers bring state reports back at the next start.
        }
        catch (Exception e)
        {
            await FailedAsync(work, e, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task ReportStateAsync(StateWork work, CancellationToken cancellationToken)
    {
        var account = await accounts.FindAsync(work.UserId, cancellationToken).ConfigureAwait(false);
        if (account is null || account.StoppedAt is not null)
        {
            return;
        }

        var last = reported.GetOrAdd(work.UserId, _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
        var current = await CurrentStatesAsync(work.UserId, work.DeviceIds, cancellationToken).ConfigureAwait(false);
        var states = new JsonObject();
        foreach (var (deviceId, online) in current)
        {
            // After a SYNC everything goes (Google wants the full picture); otherwise only what really changed.
            if (work.DeviceIds is null || !last.TryGetValue(deviceId, out var before) || before != online)
            {
                // Spec §5: complete state per trait, never status/errorCode/nulls: a camera's is just "online".
                states[deviceId] = new JsonObject { ["online"] = online };
            }
        }

        if (states.Count == 0)
        {
            return;
        }

        statistics.Call();
        await homeGraph.Devices.ReportStateAndNotification(new ReportStateAndNotificationRequest
        {
            RequestId = Guid.NewGuid().ToString("N"),
            AgentUserId = account.AgentUserId,
            Payload = new StateAndNotificationPayload { Devices = new ReportStateAndNotificationDevice { States = states } },
        }).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (deviceId, online) in current)
        {
            last[deviceId] = online;
        }

        await accounts.ReportedAsync(work.UserId, notification: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The state QUERY answers from: the last known listing (removed cameras left out).</summary>
    private async Task<List<(string DeviceId, bool Online)>> CurrentStatesAsync(string userId, IReadOnlySet<string>? deviceIds, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.KnownCameras.AsNoTracking().Where(k => k.UserId == userId && k.RemovedByOwnerAt == null)
            .Select(k => new { k.DeviceId, k.Online }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Where(r => deviceIds is null || deviceIds.Contains(r.DeviceId)).Select(r => (r.DeviceId, r.Online))];
    }

    private async Task NotifyAsync(NotificationWork work, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (clock.GetUtcNow() - work.Notification.OccurredAt > settings.NotificationFreshness)
        {
            statistics.Stale();
            logger.LogInformation("Dropped notification {EventId}: it waited past {Freshness}.", work.Notification.EventId, settings.NotificationFreshness);
            return;
        }

        var account = await accounts.FindAsync(work.UserId, cancellationToken).ConfigureAwait(false);
        if (account is null || account.StoppedAt is not null)
        {
            return;
        }

        statistics.Call();
        await homeGraph.Devices.ReportStateAndNotification(new ReportStateAndNotificationRequest
        {
            RequestId = Guid.NewGuid().ToString("N"),
            EventId = work.Notification.EventId,
            AgentUserId = account.AgentUserId,
            Payload = new StateAndNotificationPayload
            {
                Devices = new ReportStateAndNotificationDevice { Notifications = ObjectDetectionNotification.For(work.Notification) },
            },
        }).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        await accounts.ReportedAsync(work.UserId, notification: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task RequestSyncAsync(RequestSyncWork work, CancellationToken cancellationToken)
    {
        var account = await accounts.FindAsync(work.UserId, cancellationToken).ConfigureAwait(false);
        if (account is null || account.StoppedAt is not null)
        {
            return;
        }

        statistics.Call();
        await homeGraph.Devices.RequestSync(new RequestSyncDevicesRequest { AgentUserId = account.AgentUserId, Async__ = true })
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        await accounts.RequestSyncedAsync(work.UserId, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteAsync(DeleteAgentUserWork work, CancellationToken cancellationToken)
    {
        statistics.Call();
        reported.TryRemove(work.UserId, out _);
        try
        {
            var call = homeGraph.AgentUsers.Delete("agentUsers/" + work.AgentUserId);
            call.RequestId = Guid.NewGuid().ToString("N");
            await call.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Unlinked agent user {AgentUserId} from Google.", work.AgentUserId);
        }
        catch (HomeGraphApiException e) when (e.IsAgentUserUnknown)
        {
            // Google already forgot it (e.g. it sent DISCONNECT itself): the goal is reached.
        }
    }

    private async Task FailedAsync(ReportWork work, Exception error, CancellationToken cancellationToken)
    {
        statistics.Failure();
        try
        {
            if (error is HomeGraphApiException { IsAgentUserUnknown: true } && work is not DeleteAgentUserWork)
            {
                // Spec §5: 404 = Google does not know this agent user: stop until it links (SYNCs) again.
                logger.LogWarning("HomeGraph does not know the agent user of {UserId}; reporting stops until its next SYNC.", work.UserId);
                queue.Forget(work.UserId);
                reported.TryRemove(work.UserId, out _);
                await accounts.StopUnlessStoppedAsync(work.UserId, "HomeGraph answered 404 (agent user unknown)", cancellationToken).ConfigureAwait(false);
                return;
            }

            if (error is HomeGraphApiException { StatusCode: HttpStatusCode.BadRequest })
            {
                // Our payload is wrong: retrying the same body cannot help. The body holds ids and states only.
                logger.LogError("HomeGraph refused {Work} as invalid: {Message}", work, error.Message);
            }
            else
            {
                logger.LogWarning("HomeGraph call {Work} failed after retries: {Message}", work.GetType().Name, error.Message);
                if (work is StateWork state)
                {
                    queue.AddState(state.UserId, state.DeviceIds, clock.GetUtcNow() + options.Value.FailedReportRetryDelay);
                }
            }

            await accounts.FailedAsync(work.UserId, $"{work.GetType().Name.Replace("Work", "", StringComparison.Ordinal)}: {error.Message}", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record a HomeGraph failure.");
        }
    }
}
