using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Coordination;
using SmartHomeCam.Fulfillment;

namespace SmartHomeCam.HomeGraph.Reporting;

/// <summary>
/// Turns camera events and SYNC answers into queued HomeGraph work; never calls Google itself, so the event
/// dispatcher and the SYNC request never wait on HomeGraph. Only accounts Google knows (a SYNC was answered, not
/// stopped since) are reported.
/// </summary>
internal sealed class HomeGraphReporter(
    ReportQueue queue,
    HomeGraphAccountStore accounts,
    ICoordination coordination,
    HomeGraphStatistics statistics,
    IOptions<HomeGraphOptions> options,
    TimeProvider clock,
    ILogger<HomeGraphReporter> logger) : ICameraEventSubscriber, ISyncObserver
{
    /// <summary>Coordination key prefix of notifications already sent (by any replica).</summary>
    public const string NotifiedPrefix = "homegraph:notified:";

    public async Task HandleAsync(CameraEvent cameraEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cameraEvent);
        if (cameraEvent.DeviceId is not { } deviceId || cameraEvent.Kind is CameraEventKind.Motion or CameraEventKind.Battery)
        {
            return; // cameras declare no trait for these
        }

        var account = await accounts.FindAsync(cameraEvent.UserId, cancellationToken).ConfigureAwait(false);
        if (account is null || account.StoppedAt is not null)
        {
            return; // Google does not know this account (yet, or any more)
        }

        var settings = options.Value;
        var now = clock.GetUtcNow();
        switch (cameraEvent.Kind)
        {
            case CameraEventKind.Online or CameraEventKind.Offline:
                if (queue.AddState(cameraEvent.UserId, [deviceId], now + settings.ReportWindow) && account.PendingSince is null)
                {
                    await accounts.MarkPendingAsync(cameraEvent.UserId, cancellationToken).ConfigureAwait(false);
                }

                break;
            case CameraEventKind.Added or CameraEventKind.Removed or CameraEventKind.Renamed or CameraEventKind.Moved or CameraEventKind.Retyped:
                queue.AddRequestSync(cameraEvent.UserId, now, settings.RequestSyncDebounce);
                break;
            case CameraEventKind.Doorbell or CameraEventKind.Person:
                await NotifyAsync(cameraEvent, deviceId, now, settings).ConfigureAwait(false);
                break;
        }
    }

    public void SyncAnswered(string userId, string agentUserId, IReadOnlyList<CatalogCamera> cameras) =>
        _ = LinkedAsync(userId, agentUserId);

    private async Task LinkedAsync(string userId, string agentUserId)
    {
        try
        {
            await accounts.LinkedAsync(userId, agentUserId, CancellationToken.None).ConfigureAwait(false);
            queue.AddState(userId, null, clock.GetUtcNow() + options.Value.InitialReportDelay);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not schedule the report of an account after its SYNC.");
        }
    }

    private async Task NotifyAsync(CameraEvent cameraEvent, string deviceId, DateTimeOffset now, HomeGraphOptions settings)
    {
        if (now - cameraEvent.OccurredAt > settings.NotificationFreshness)
        {
            statistics.Stale();
            logger.LogInformation("Dropped {Kind} notification {EventId}: older than {Freshness}.", cameraEvent.Kind, cameraEvent.EventId, settings.NotificationFreshness);
            return;
        }

        // Across replicas and redeliveries, one announcement per event id.
        if (!await coordination.SetIfAbsentAsync(NotifiedPrefix + cameraEvent.EventId, cameraEvent.UserId, settings.NotificationFreshness + TimeSpan.FromMinutes(5)).ConfigureAwait(false))
        {
            statistics.Duplicate();
            return;
        }

        queue.AddNotification(cameraEvent.UserId, new PendingNotification(cameraEvent.EventId, deviceId, cameraEvent.Kind == CameraEventKind.Doorbell, cameraEvent.OccurredAt));
    }
}
