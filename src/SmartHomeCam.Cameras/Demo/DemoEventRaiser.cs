using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;

namespace SmartHomeCam.Cameras.Demo;

/// <summary>
/// Raises any kind of camera event for a demo camera on demand (dashboard button, <c>cameras demo-event</c>), so
/// every consumer can be exercised without hardware. Going online/offline really changes a connected demo
/// camera's state, and the catalog reports the change as providers' changes are reported.
/// </summary>
public sealed class DemoEventRaiser(
    ICameraCatalog catalog, ICameraEventPublisher events, IServiceScopeFactory scopes, CameraListingCache cache, TimeProvider clock)
{
    /// <summary>Raises the event; returns its id, or throws <see cref="ArgumentException"/> with a message for the owner.</summary>
    public async Task<DemoEventOutcome> RaiseAsync(
        string userId, string deviceId, CameraEventKind kind, int? batteryPercent, string? eventId, CancellationToken cancellationToken)
    {
        var camera = await catalog.FindAsync(userId, deviceId, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"No camera '{deviceId}' on this account.", nameof(deviceId));
        if (camera.ProviderId != DemoCameraProvider.ProviderId)
        {
            throw new ArgumentException("Only demo cameras raise events on demand.", nameof(deviceId));
        }

        if (kind == CameraEventKind.Battery && batteryPercent is not (>= 0 and <= 100))
        {
            throw new ArgumentException("A battery event needs a level from 0 to 100.", nameof(batteryPercent));
        }

        if (kind is CameraEventKind.Online or CameraEventKind.Offline && camera.ConnectionId is { } connectionId)
        {
            await SetOnlineAsync(userId, connectionId, kind == CameraEventKind.Online, cancellationToken).ConfigureAwait(false);
            // The catalog notices the change and records the online/offline event itself, with the state.
            cache.Invalidate(userId);
            await catalog.ListAsync(userId, refresh: true, cancellationToken).ConfigureAwait(false);
            return new DemoEventOutcome(null, Recorded: true);
        }

        var id = string.IsNullOrWhiteSpace(eventId) ? $"demo-{Guid.NewGuid():N}" : eventId.Trim();
        var recorded = await events.PublishAsync(
            new CameraEvent(id, userId, camera.ProviderId, camera.ProviderCameraId, kind, clock.GetUtcNow())
            {
                DeviceId = camera.DeviceId,
                BatteryPercent = kind == CameraEventKind.Battery ? batteryPercent : null,
                Detail = "demo",
            }, cancellationToken).ConfigureAwait(false);
        return new DemoEventOutcome(id, recorded);
    }

    private async Task SetOnlineAsync(string userId, Guid connectionId, bool online, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.ProviderConnections.FirstAsync(c => c.Id == connectionId && c.UserId == userId, cancellationToken).ConfigureAwait(false);
        var settings = new Dictionary<string, string>(ProviderConnectionStore.DeserializeSettings(row.SettingsJson))
        {
            [DemoCameraProvider.OnlineSetting] = online ? "true" : "false",
        };
        row.SettingsJson = ProviderConnectionStore.SerializeSettings(settings);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The id of the event raised (null when the catalog derived it from a state change) and whether it was new.</summary>
public sealed record DemoEventOutcome(string? EventId, bool Recorded);
