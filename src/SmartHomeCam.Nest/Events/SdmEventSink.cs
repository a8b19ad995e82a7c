using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Coordination;
using SmartHomeCam.Data;

namespace SmartHomeCam.Nest.Events;

/// <summary>
/// Turns SDM messages into camera events (spec §6). Pub/Sub duplicates, reorders and merges messages, so:
/// a message id is taken once across replicas (coordination set-if-absent); messages are held for
/// <see cref="SdmOptions.EventReorderWindow"/> and released in <c>timestamp</c> order; each camera event is keyed by
/// its event session (so a chime repeated in a merged or UPDATED message is still one event); a trait state older
/// than one already applied is dropped. <c>relationUpdate</c> makes the owners' catalogs list again.
/// </summary>
public sealed class SdmEventSink(
    ICoordination coordination,
    ICameraEventPublisher publisher,
    ICameraCatalog catalog,
    SdmDeviceCache devices,
    IServiceScopeFactory scopes,
    IOptions<SdmOptions> options,
    TimeProvider clock,
    ILogger<SdmEventSink> logger) : BackgroundService
{
    private readonly List<(SdmEventMessage Message, DateTimeOffset Arrived)> held = [];
    private readonly Dictionary<string, DateTimeOffset> lastTraitAt = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>Takes one message; false when it was a duplicate.</summary>
    public async Task<bool> AcceptAsync(SdmEventMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!await coordination.SetIfAbsentAsync("nest:msg:" + Hash(message.EventId), "1", options.Value.EventDeduplicationWindow).ConfigureAwait(false))
        {
            logger.LogDebug("Nest event {EventId} is a duplicate.", message.EventId);
            return false;
        }

        if (message.IsRelationUpdate)
        {
            await RefreshCatalogsAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        lock (gate)
        {
            held.Add((message, clock.GetUtcNow()));
        }

        return true;
    }

    /// <summary>
    /// For the pull loop: delivers one message now, its camera events recorded in the outbox before this returns,
    /// and only then remembers its id. A message redelivered because the process died before its ack is delivered
    /// again and de-duplicated by the outbox's unique event id, so at-least-once never becomes twice.
    /// </summary>
    public async Task DeliverNowAsync(SdmEventMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = "nest:msg:" + Hash(message.EventId);
        if (await coordination.GetAsync(key).ConfigureAwait(false) is not null)
        {
            logger.LogDebug("Nest event {EventId} is a duplicate.", message.EventId);
            return;
        }

        if (message.IsRelationUpdate)
        {
            await RefreshCatalogsAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await DeliverAsync(message, cancellationToken).ConfigureAwait(false);
        }

        await coordination.SetAsync(key, "1", options.Value.EventDeduplicationWindow).ConfigureAwait(false);
    }

    /// <summary>Releases every held message now, in timestamp order (shutdown, tests).</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => ReleaseAsync(DateTimeOffset.MaxValue, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = options.Value.EventReorderWindow / 4;
        using var timer = new PeriodicTimer(tick < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : tick, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await ReleaseAsync(clock.GetUtcNow() - options.Value.EventReorderWindow, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Delivering Nest events failed: {Reason}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task ReleaseAsync(DateTimeOffset arrivedBy, CancellationToken cancellationToken)
    {
        List<SdmEventMessage> due;
        lock (gate)
        {
            due = held.Where(h => h.Arrived <= arrivedBy).OrderBy(h => h.Message.Timestamp).Select(h => h.Message).ToList();
            held.RemoveAll(h => h.Arrived <= arrivedBy);
        }

        foreach (var message in due)
        {
            await DeliverAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(SdmEventMessage message, CancellationToken cancellationToken)
    {
        if (message.DeviceId is null)
        {
            return;
        }

        var owners = await OwnersAsync(message.DeviceId, cancellationToken).ConfigureAwait(false);
        if (owners.Count == 0)
        {
            logger.LogDebug("Nest event {EventId} is for a device no account lists.", message.EventId);
            return;
        }

        foreach (var e in message.Events)
        {
            if (Kind(e.Key) is not { } kind)
            {
                continue; // ClipPreview and keys we do not know
            }

            var session = e.EventSessionId ?? e.EventId ?? message.EventId;
            foreach (var (userId, providerCameraId) in owners)
            {
                await PublishOnceAsync(new CameraEvent(
                    "", userId, SdmCameraProvider.ProviderId, providerCameraId, kind, message.Timestamp), session, cancellationToken).ConfigureAwait(false);
            }
        }

        if (message.Online is { } online)
        {
            lock (gate)
            {
                if (lastTraitAt.TryGetValue(message.DeviceId, out var last) && last >= message.Timestamp)
                {
                    return; // an older state arriving late
                }

                lastTraitAt[message.DeviceId] = message.Timestamp;
            }

            foreach (var (userId, providerCameraId) in owners)
            {
                await PublishOnceAsync(new CameraEvent("", userId, SdmCameraProvider.ProviderId, providerCameraId,
                    online ? CameraEventKind.Online : CameraEventKind.Offline, message.Timestamp), message.EventId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PublishOnceAsync(CameraEvent draft, string session, CancellationToken cancellationToken)
    {
        var id = "nest-" + Hash($"{draft.UserId}\n{draft.ProviderCameraId}\n{draft.Kind}\n{session}");
        var key = "nest:evt:" + id;
        if (await coordination.GetAsync(key).ConfigureAwait(false) is not null)
        {
            return;
        }

        // Recorded first, remembered after: a crash in between repeats the publish, which the outbox's unique
        // event id turns into a no-op; the other order would lose the event.
        await publisher.PublishAsync(draft with { EventId = id }, cancellationToken).ConfigureAwait(false);
        await coordination.SetAsync(key, "1", options.Value.EventDeduplicationWindow).ConfigureAwait(false);
    }

    private async Task<List<(string UserId, string ProviderCameraId)>> OwnersAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var suffix = "/" + deviceId;
        var rows = await db.KnownCameras.AsNoTracking()
            .Where(k => k.ProviderId == SdmCameraProvider.ProviderId && k.RemovedByOwnerAt == null && k.ProviderCameraId.EndsWith(suffix))
            .Select(k => new { k.UserId, k.ProviderCameraId }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Where(r => ConnectionCameraIds.TryParse(r.ProviderCameraId, out _, out var id) && id == deviceId)
            .Select(r => (r.UserId, r.ProviderCameraId)).ToList();
    }

    private async Task RefreshCatalogsAsync(CancellationToken cancellationToken)
    {
        devices.InvalidateAll();
        List<string> users;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            users = await db.ProviderConnections.AsNoTracking().Where(c => c.ProviderId == SdmCameraProvider.ProviderId)
                .Select(c => c.UserId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var user in users)
        {
            await catalog.ListAsync(user, refresh: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private static CameraEventKind? Kind(string key) => key switch
    {
        "sdm.devices.events.CameraMotion.Motion" => CameraEventKind.Motion,
        "sdm.devices.events.CameraPerson.Person" => CameraEventKind.Person,
        "sdm.devices.events.CameraSound.Sound" => CameraEventKind.Sound,
        "sdm.devices.events.DoorbellChime.Chime" => CameraEventKind.Doorbell,
        _ => null,
    };

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
}
