using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmartHomeCam.Coordination;

namespace SmartHomeCam.Linking;

/// <summary>
/// Remembers validated access tokens for a few seconds so Google's QUERY/EXECUTE bursts do not each cost a
/// database round trip. Any revocation empties it at once in this process and, through the coordination
/// channel (Redis pub/sub), on the other replicas; if a notice is lost, a revoked token lives at most
/// <see cref="LinkingOptions.AccessTokenCacheDuration"/> longer there.
/// </summary>
public sealed class AccessTokenCache : IHostedService
{
    private const int MaxEntries = 10_000;
    private const string Channel = "access-token-revocations";
    private readonly IOptions<LinkingOptions> options;
    private readonly TimeProvider clock;
    private readonly ICoordination coordination;
    private readonly ConcurrentDictionary<string, (AccessTokenInfo Info, long Epoch, DateTimeOffset Until)> entries = new(StringComparer.Ordinal);
    private long epoch;

    public AccessTokenCache(IOptions<LinkingOptions> options, TimeProvider clock, ICoordination coordination)
    {
        ArgumentNullException.ThrowIfNull(coordination);
        this.options = options;
        this.clock = clock;
        this.coordination = coordination;
    }

    /// <summary>Another replica revoked something: forget what we trusted without asking it.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => coordination.SubscribeAsync(Channel, _ => InvalidateLocal());

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public AccessTokenInfo? Get(string tokenHashKey)
    {
        if (!entries.TryGetValue(tokenHashKey, out var entry))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (entry.Epoch != Interlocked.Read(ref epoch) || entry.Until <= now || entry.Info.ExpiresAt <= now)
        {
            entries.TryRemove(tokenHashKey, out _);
            return null;
        }

        return entry.Info;
    }

    /// <summary>The revocation generation; read it before the database lookup whose result is cached.</summary>
    public long Epoch => Interlocked.Read(ref epoch);

    /// <summary>Caches a lookup made in generation <paramref name="lookupEpoch"/>: a revocation since then makes it void.</summary>
    public void Set(string tokenHashKey, AccessTokenInfo info, long lookupEpoch)
    {
        var duration = options.Value.AccessTokenCacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear(); // crude but bounded; refilled from the database on demand
        }

        entries[tokenHashKey] = (info, lookupEpoch, clock.GetUtcNow() + duration);
    }

    /// <summary>Called on every revocation: forget everything cached so far, here and on every other replica.</summary>
    public void Invalidate()
    {
        InvalidateLocal();
        _ = coordination.NotifyOthersAsync(Channel, "revoked");
    }

    private void InvalidateLocal()
    {
        Interlocked.Increment(ref epoch);
        entries.Clear();
    }
}
