using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Data;

namespace SmartHomeCam.Cameras.Events;

/// <summary>
/// Drains the event outbox to the in-process <see cref="ICameraEventSubscriber"/>s, in recording order. Each
/// batch is first claimed with one conditional UPDATE, so of several replicas exactly one delivers an event
/// (another takes over when the claim expires). Marked delivered only after every subscriber handled it:
/// at-least-once, de-duplicated by consumers on the event id.
/// </summary>
public sealed class CameraEventDispatcher(
    IServiceScopeFactory scopes,
    IEnumerable<ICameraEventSubscriber> subscribers,
    CameraEventSignal signal,
    IOptions<CameraEventOptions> options,
    TimeProvider clock,
    ILogger<CameraEventDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 50;
    private readonly ICameraEventSubscriber[] subscribers = [.. subscribers];
    private readonly string owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private DateTimeOffset nextPurge;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken).ConfigureAwait(false) == BatchSize)
                {
                }

                await PurgeDeliveredAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database hiccup: try again at the next tick rather than stopping delivery for good.
                logger.LogWarning(e, "Camera event dispatch failed; retrying.");
            }

            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Claims and delivers up to one batch; returns how many events it claimed.</summary>
    internal async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var until = now + settings.ClaimDuration;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var candidates = await db.CameraEvents.AsNoTracking()
            .Where(r => r.DispatchedAt == null && (r.LeaseUntil == null || r.LeaseUntil < now))
            .OrderBy(r => r.Id).Select(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return 0;
        }

        await db.CameraEvents
            .Where(r => candidates.Contains(r.Id) && r.DispatchedAt == null && (r.LeaseUntil == null || r.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseOwner, owner).SetProperty(r => r.LeaseUntil, until), cancellationToken)
            .ConfigureAwait(false);
        var claimed = await db.CameraEvents
            .Where(r => candidates.Contains(r.Id) && r.LeaseOwner == owner && r.LeaseUntil == until && r.DispatchedAt == null)
            .OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var record in claimed)
        {
            await DeliverAsync(record, settings, cancellationToken).ConfigureAwait(false);
            // Saved per event: a crash mid-batch re-delivers at most the event in hand.
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return candidates.Count;
    }

    private async Task DeliverAsync(CameraEventRecord record, CameraEventOptions settings, CancellationToken cancellationToken)
    {
        var cameraEvent = CameraEventOutbox.FromRecord(record);
        string? failure = null;
        foreach (var subscriber in subscribers)
        {
            try
            {
                await subscriber.HandleAsync(cameraEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = $"{subscriber.GetType().Name}: {e.Message}";
                logger.LogWarning(e, "Camera event {EventId} ({Kind}) was not handled by {Subscriber}.", record.EventId, record.Kind, subscriber.GetType().Name);
            }
        }

        record.Attempts++;
        record.LastError = failure;
        if (failure is null || record.Attempts >= settings.MaxAttempts)
        {
            if (failure is not null)
            {
                logger.LogError("Camera event {EventId} given up after {Attempts} attempts.", record.EventId, record.Attempts);
            }

            record.DispatchedAt = clock.GetUtcNow();
            record.LeaseOwner = null;
            record.LeaseUntil = null;
        }
        else
        {
            // Back off: poll interval doubled per attempt, at most one claim duration.
            var delay = TimeSpan.FromTicks(Math.Min(settings.ClaimDuration.Ticks, settings.PollInterval.Ticks << Math.Min(record.Attempts, 20)));
            record.LeaseUntil = clock.GetUtcNow() + delay;
        }
    }

    private async Task PurgeDeliveredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < nextPurge)
        {
            return;
        }

        nextPurge = now + TimeSpan.FromHours(1);
        var before = now - options.Value.Retention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.CameraEvents.Where(r => r.DispatchedAt != null && r.DispatchedAt < before)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
