using System.Collections.Concurrent;
using System.Diagnostics;

namespace SmartHomeCam.Telemetry;

/// <summary>
/// Who is watching: a viewer is a stream URL (one per EXECUTE, so one per Cast session) that fetched a playlist
/// within the last <see cref="Window"/>; players re-fetch the live playlist every segment, so a closed player
/// drops out within the window. Only the token's (per-process randomised) hash is kept; a rare collision merely undercounts.
/// </summary>
public static class StreamViewers
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private const int MaxTracked = 100_000;
    private static readonly ConcurrentDictionary<int, long> LastSeen = new();

    /// <summary>Marks a playlist fetch with this token.</summary>
    public static void Seen(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (LastSeen.Count >= MaxTracked)
        {
            Prune(Stopwatch.GetTimestamp());
        }

        LastSeen[StringComparer.Ordinal.GetHashCode(token)] = Stopwatch.GetTimestamp();
    }

    /// <summary>Viewers seen within the window (and forgets the older ones).</summary>
    public static long Count() => Prune(Stopwatch.GetTimestamp());

    private static long Prune(long now)
    {
        long live = 0;
        foreach (var (key, seen) in LastSeen)
        {
            if (Stopwatch.GetElapsedTime(seen, now) > Window)
            {
                LastSeen.TryRemove(new KeyValuePair<int, long>(key, seen));
            }
            else
            {
                live++;
            }
        }

        return live;
    }
}
