using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Nest.Events;

/// <summary>
/// Pulls SDM events from the operator's Pub/Sub subscription when <c>Nest:PubSub:Mode</c> is <c>pull</c> (for
/// deployments without a public URL). At-least-once: a message is acknowledged only after
/// <see cref="SdmEventSink.DeliverNowAsync"/> has recorded its camera events in the outbox; a crash before the ack
/// means Pub/Sub redelivers it and the outbox's event ids make the repeat a no-op. Like the push path, messages
/// are held for <see cref="SdmOptions.EventReorderWindow"/> and delivered in <c>timestamp</c> order (spec §6).
/// Failed pulls back off exponentially (with jitter) up to <see cref="SdmPubSubOptions.MaxBackoff"/>; a failed
/// delivery hands its messages back (ack deadline 0) for redelivery.
/// </summary>
public sealed class SdmPullLoop(
    PubSubClient pubSub,
    SdmEventSink sink,
    IOptions<SdmOptions> options,
    TimeProvider clock,
    ILogger<SdmPullLoop> logger) : BackgroundService
{
    private readonly List<(PulledMessage Pulled, DateTimeOffset Arrived)> pending = [];
    private readonly Lock gate = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value.PubSub;
        if (!o.PullEnabled)
        {
            return;
        }

        logger.LogInformation("Pulling Nest events from the Pub/Sub subscription {Subscription}.", o.Subscription);
        await Task.WhenAll(PullAsync(o, stoppingToken), ReleaseAsync(o, stoppingToken)).ConfigureAwait(false);
    }

    private async Task PullAsync(SdmPubSubOptions o, CancellationToken stoppingToken)
    {
        var backoff = o.Backoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (PendingCount() >= 4 * o.MaxMessages)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), clock, stoppingToken).ConfigureAwait(false);
                    continue; // delivery is behind: leave the rest in Pub/Sub
                }

                IReadOnlyList<PulledMessage> pulled;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    timeout.CancelAfter(o.PullTimeout);
                    try
                    {
                        pulled = await pubSub.PullAsync(timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        continue; // an empty long poll that outlasted PullTimeout: ask again
                    }
                }

                var malformed = pulled.Where(p => p.Message is null).Select(p => p.AckId).ToList();
                if (malformed.Count > 0)
                {
                    // Redelivering a message we cannot read would repeat forever: drop it, as the push endpoint does.
                    logger.LogWarning("Dropped {Count} malformed Nest Pub/Sub message(s).", malformed.Count);
                    await pubSub.AcknowledgeAsync(malformed, stoppingToken).ConfigureAwait(false);
                }

                var now = clock.GetUtcNow();
                lock (gate)
                {
                    pending.AddRange(pulled.Where(p => p.Message is not null).Select(p => (p, now)));
                }

                backoff = o.Backoff;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Pulling Nest events failed ({Reason}); next try in {Delay}.", e.Message, backoff);
                if (!await DelayAsync(Jitter(backoff), stoppingToken).ConfigureAwait(false))
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, o.MaxBackoff.Ticks));
            }
        }
    }

    private async Task ReleaseAsync(SdmPubSubOptions o, CancellationToken stoppingToken)
    {
        var window = options.Value.EventReorderWindow;
        var tick = window / 4 < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : window / 4;
        var backoff = o.Backoff;
        while (await DelayAsync(tick, stoppingToken).ConfigureAwait(false))
        {
            List<PulledMessage> due;
            var releaseBefore = clock.GetUtcNow() - window;
            lock (gate)
            {
                due = pending.Where(p => p.Arrived <= releaseBefore).OrderBy(p => p.Pulled.Message!.Timestamp).Select(p => p.Pulled).ToList();
                pending.RemoveAll(p => p.Arrived <= releaseBefore);
            }

            if (due.Count == 0)
            {
                continue;
            }

            var delivered = new List<string>(due.Count);
            Exception? failure = null;
            foreach (var message in due)
            {
                try
                {
                    await sink.DeliverNowAsync(message.Message!, stoppingToken).ConfigureAwait(false);
                    delivered.Add(message.AckId);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break; // not acknowledged: Pub/Sub redelivers after the deadline
                }
                catch (Exception e)
                {
                    failure = e;
                    break; // keep the order: the rest go back with it
                }
            }

            await TryAsync(() => pubSub.AcknowledgeAsync(delivered, stoppingToken), "Acknowledging", delivered.Count).ConfigureAwait(false);
            if (failure is not null)
            {
                var back = due.Skip(delivered.Count).Select(m => m.AckId).ToList();
                logger.LogWarning("Delivering Nest events failed ({Reason}); {Count} message(s) handed back to Pub/Sub, next delivery in {Delay}.",
                    failure.Message, back.Count, backoff);
                await TryAsync(() => pubSub.ModifyAckDeadlineAsync(back, 0, stoppingToken), "Handing back", back.Count).ConfigureAwait(false);
                if (!await DelayAsync(Jitter(backoff), stoppingToken).ConfigureAwait(false))
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, o.MaxBackoff.Ticks));
            }
            else
            {
                backoff = o.Backoff;
            }
        }
    }

    /// <summary>A failed acknowledge only means a redelivery, which de-duplication absorbs: log it and go on.</summary>
    private async Task TryAsync(Func<Task> call, string what, int count)
    {
        if (count == 0)
        {
            return;
        }

        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("{What} {Count} Nest Pub/Sub message(s) failed ({Reason}); they will be redelivered.", what, count, e.Message);
        }
        catch (OperationCanceledException)
        {
            // shutting down: Pub/Sub redelivers
        }
    }

    private int PendingCount()
    {
        lock (gate)
        {
            return pending.Count;
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, clock, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // Spread replicas' retries so they do not hit Pub/Sub in step (up to +25 %).
    private static TimeSpan Jitter(TimeSpan delay) => delay + TimeSpan.FromTicks((long)(delay.Ticks * 0.25 * Random.Shared.NextDouble()));
}
