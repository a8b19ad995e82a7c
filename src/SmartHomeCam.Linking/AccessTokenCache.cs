using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Linking;

/// <summary>
/// Remembers validated access tokens for a few seconds so Google's QUERY/EXECUTE bursts do not each cost a
/// database round trip. Any revocation in this process empties it at once; on other replicas a revoked token
/// can live at most <see cref="LinkingOptions.AccessTokenCacheDuration"/> longer.
/// </summary>
public sealed class AccessTokenCache(IOptions<LinkingOptions> options, TimeProvider clock)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (AccessTokenInfo Info, long Epoch, DateTimeOffset Until)> entries = new(StringComparer.Ordinal);
    private long epoch;

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

    /// <summary>Called on every revocation: forget everything cached so far.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref epoch);
        entries.Clear();
    }
}
