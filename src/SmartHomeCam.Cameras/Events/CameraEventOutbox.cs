using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Data;

namespace SmartHomeCam.Cameras.Events;

/// <summary>
/// Records camera events in the database outbox, which the server's <see cref="CameraEventDispatcher"/> drains.
/// A table rather than an in-memory channel or Redis pub/sub: an event survives a crash before delivery, a CLI
/// process can raise one for the running server, and replicas share one queue (each event claimed by one).
/// </summary>
public sealed class CameraEventOutbox(IServiceScopeFactory scopes, DeviceIdRegistry deviceIds, CameraEventSignal signal, TimeProvider clock)
    : ICameraEventPublisher
{
    public const int MaxEventIdLength = 200;

    public async Task<bool> PublishAsync(CameraEvent cameraEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cameraEvent);
        if (string.IsNullOrWhiteSpace(cameraEvent.EventId) || cameraEvent.EventId.Length > MaxEventIdLength)
        {
            throw new ArgumentException($"An event id must be 1–{MaxEventIdLength} characters.", nameof(cameraEvent));
        }

        var deviceId = cameraEvent.DeviceId;
        if (deviceId is null)
        {
            var key = new CameraKey(cameraEvent.ProviderId, cameraEvent.ProviderCameraId);
            deviceId = (await deviceIds.EnsureAsync(cameraEvent.UserId, [key], cancellationToken).ConfigureAwait(false))[key];
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.CameraEvents.AnyAsync(r => r.EventId == cameraEvent.EventId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        db.CameraEvents.Add(ToRecord(cameraEvent with { DeviceId = deviceId }, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            return false; // the same id recorded concurrently: the unique index kept one
        }

        signal.Pulse();
        return true;
    }

    /// <summary>Adds events to a context that saves them with the state change they describe (one transaction).</summary>
    internal static void Stage(AppDbContext db, IEnumerable<CameraEvent> events, DateTimeOffset now)
    {
        foreach (var e in events)
        {
            db.CameraEvents.Add(ToRecord(e, now));
        }
    }

    internal static CameraEventRecord ToRecord(CameraEvent e, DateTimeOffset now) => new()
    {
        EventId = e.EventId,
        UserId = e.UserId,
        DeviceId = e.DeviceId,
        ProviderId = e.ProviderId,
        ProviderCameraId = e.ProviderCameraId,
        Kind = e.Kind.ToString(),
        BatteryPercent = e.BatteryPercent,
        Detail = e.Detail,
        OccurredAt = e.OccurredAt,
        RecordedAt = now,
    };

    internal static CameraEvent FromRecord(CameraEventRecord r) =>
        new(r.EventId, r.UserId, r.ProviderId, r.ProviderCameraId, Enum.TryParse<CameraEventKind>(r.Kind, out var kind) ? kind : CameraEventKind.Motion, r.OccurredAt)
        {
            DeviceId = r.DeviceId,
            BatteryPercent = r.BatteryPercent,
            Detail = r.Detail,
        };
}
