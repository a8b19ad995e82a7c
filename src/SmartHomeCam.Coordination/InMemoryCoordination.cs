using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SmartHomeCam.Coordination;

/// <summary>
/// Single-process coordination with the same contract as Redis: facts and leases in dictionaries under one lock,
/// timed by the injected <see cref="TimeProvider"/>; notices queued per subscriber and delivered off the
/// publisher's thread.
/// </summary>
public sealed class InMemoryCoordination(TimeProvider clock, ILogger<InMemoryCoordination>? logger = null) : ICoordination, IDisposable
{
    private const int MinSweepThreshold = 1024;
    private readonly ILogger log = logger ?? NullLogger<InMemoryCoordination>.Instance;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Fact> facts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Holding> leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> fences = new(StringComparer.Ordinal);
    private InMemorySubscription[] subscriptions = [];
    private int sweepThreshold = MinSweepThreshold;
    private bool disposed;

    public Task SetAsync(string key, string value, TimeSpan lifetime)
    {
        CoordinationKeys.ValidateFactKey(key);
        ArgumentNullException.ThrowIfNull(value);
        CoordinationKeys.ValidateLifetime(lifetime, nameof(lifetime));
        lock (gate)
        {
            var now = clock.GetUtcNow();
            facts[key] = new Fact(value, now + lifetime);
            SweepIfLarge(now);
        }

        return Task.CompletedTask;
    }

    public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan lifetime)
    {
        CoordinationKeys.ValidateFactKey(key);
        ArgumentNullException.ThrowIfNull(value);
        CoordinationKeys.ValidateLifetime(lifetime, nameof(lifetime));
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (facts.TryGetValue(key, out var existing) && existing.Until > now)
            {
                return Task.FromResult(false);
            }

            facts[key] = new Fact(value, now + lifetime);
            SweepIfLarge(now);
            return Task.FromResult(true);
        }
    }

    public Task<string?> GetAsync(string key)
    {
        CoordinationKeys.ValidateFactKey(key);
        lock (gate)
        {
            return Task.FromResult(facts.TryGetValue(key, out var fact) && fact.Until > clock.GetUtcNow() ? fact.Value : null);
        }
    }

    public Task<IReadOnlyList<KeyValuePair<string, string>>> ScanAsync(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        lock (gate)
        {
            var now = clock.GetUtcNow();
            IReadOnlyList<KeyValuePair<string, string>> live = facts
                .Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && f.Value.Until > now)
                .Select(f => KeyValuePair.Create(f.Key, f.Value.Value)).ToList();
            return Task.FromResult(live);
        }
    }

    public Task PublishAsync(string channel, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(message);
        foreach (var subscription in Volatile.Read(ref subscriptions))
        {
            if (subscription.Channel == channel)
            {
                subscription.Post(message);
            }
        }

        return Task.CompletedTask;
    }

    public Task SubscribeAsync(string channel, Action<string> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new InMemorySubscription(new NoticeHandler(channel, handler, log));
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            subscriptions = [.. subscriptions, subscription]; // copy-on-write: publishers read without the lock
        }

        return Task.CompletedTask;
    }

    public Task<Lease?> TryAcquireLeaseAsync(string key, string ownerId, TimeSpan ttl)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        CoordinationKeys.ValidateLifetime(ttl, nameof(ttl));
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (leases.TryGetValue(key, out var held) && held.Until > now)
            {
                if (held.Lease.OwnerId != ownerId)
                {
                    return Task.FromResult<Lease?>(null);
                }

                leases[key] = held with { Until = now + ttl };
                return Task.FromResult<Lease?>(held.Lease);
            }

            var fence = fences.GetValueOrDefault(key) + 1;
            fences[key] = fence;
            var lease = new Lease(key, ownerId, fence);
            leases[key] = new Holding(lease, now + ttl);
            SweepIfLarge(now);
            return Task.FromResult<Lease?>(lease);
        }
    }

    public Task<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl)
    {
        CoordinationKeys.ValidateLease(lease);
        CoordinationKeys.ValidateLifetime(ttl, nameof(ttl));
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (!IsHeld(lease, now, out var held))
            {
                return Task.FromResult(false);
            }

            leases[lease.Key] = held with { Until = now + ttl };
            return Task.FromResult(true);
        }
    }

    public Task<bool> ReleaseLeaseAsync(Lease lease)
    {
        CoordinationKeys.ValidateLease(lease);
        lock (gate)
        {
            return Task.FromResult(IsHeld(lease, clock.GetUtcNow(), out _) && leases.Remove(lease.Key));
        }
    }

    /// <summary>Stops the delivery pumps once they have drained what is already queued.</summary>
    public void Dispose()
    {
        InMemorySubscription[] ending;
        lock (gate)
        {
            disposed = true;
            ending = subscriptions;
            subscriptions = [];
        }

        foreach (var subscription in ending)
        {
            _ = subscription.CompleteAsync();
        }
    }

    // Compares the whole lease (owner and fencing number), like the Redis scripts compare the stored value.
    private bool IsHeld(Lease lease, DateTimeOffset now, [NotNullWhen(true)] out Holding? held) =>
        leases.TryGetValue(lease.Key, out held) && held.Until > now && held.Lease == lease;

    /// <summary>Forgets expired facts and leases once the dictionaries have doubled, so memory follows the live set.</summary>
    private void SweepIfLarge(DateTimeOffset now)
    {
        if (facts.Count + leases.Count < sweepThreshold)
        {
            return;
        }

        foreach (var (key, fact) in facts)
        {
            if (fact.Until <= now)
            {
                facts.Remove(key);
            }
        }

        foreach (var (key, held) in leases)
        {
            if (held.Until <= now)
            {
                leases.Remove(key);
            }
        }

        sweepThreshold = Math.Max(MinSweepThreshold, 2 * (facts.Count + leases.Count));
    }

    private readonly record struct Fact(string Value, DateTimeOffset Until);

    private sealed record Holding(Lease Lease, DateTimeOffset Until);
}
