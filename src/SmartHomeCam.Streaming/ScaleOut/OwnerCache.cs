using System.Collections.Concurrent;

namespace SmartHomeCam.Streaming.ScaleOut;

/// <summary>
/// Which replica owns a camera, remembered for about a second, so a player's requests on a non-owner are forwarded
/// without asking Redis each time (a read, a claim attempt and the owner record: three round trips per request).
/// An entry is dropped early when a hop to that owner fails or the owner answers under another fencing number (the
/// lease changed hands or was taken again); a stale entry can cost at most one hop the owner refuses. Bounded: when
/// full, expired entries are swept and, if it is still full, a new owner is simply not remembered.
/// </summary>
public sealed class OwnerCache(TimeProvider clock, TimeSpan lifetime, int capacity = OwnerCache.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    /// <summary>Long enough that a player (one segment a second, plus playlists) mostly hits; short enough that a moved camera is found again at once.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public int Count => entries.Count;

    /// <summary>The owner remembered for the camera, or null when none is or its entry expired.</summary>
    public OwnerRecord? Find(string deviceId)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        if (!entries.TryGetValue(deviceId, out var entry))
        {
            return null;
        }

        if (clock.GetUtcNow() < entry.Until)
        {
            return entry.Owner;
        }

        entries.TryRemove(new KeyValuePair<string, Entry>(deviceId, entry));
        return null;
    }

    /// <summary>Remembers (or refreshes) the owner just read from coordination.</summary>
    public void Remember(OwnerRecord owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        var entry = new Entry(owner, clock.GetUtcNow() + lifetime);
        if (entries.Count >= capacity && !entries.ContainsKey(owner.DeviceId))
        {
            Sweep();
            if (entries.Count >= capacity)
            {
                return; // a miss costs Redis round trips, never correctness
            }
        }

        entries[owner.DeviceId] = entry;
    }

    /// <summary>
    /// Drops the entry if it still names this owner (replica and fencing number): a hop to it failed, or it answered
    /// under another fencing number. A newer entry another request wrote meanwhile is kept.
    /// </summary>
    public void Forget(OwnerRecord owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (entries.TryGetValue(owner.DeviceId, out var entry) && entry.Owner == owner)
        {
            entries.TryRemove(new KeyValuePair<string, Entry>(owner.DeviceId, entry));
        }
    }

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (deviceId, entry) in entries)
        {
            if (entry.Until <= now)
            {
                entries.TryRemove(new KeyValuePair<string, Entry>(deviceId, entry));
            }
        }
    }

    private sealed record Entry(OwnerRecord Owner, DateTimeOffset Until);
}
