using System.Net;

namespace SmartHomeCam.Nest;

/// <summary>
/// Google's per-minute quotas (spec §4) kept on our side: each call reserves a slot in every window it counts
/// against (e.g. "executeCommand for this account" and "this command on this device"), waiting for the oldest
/// slot to age out when a window is full. Google then never has to answer 429 for our own traffic.
/// </summary>
public sealed class SdmQuota(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, Queue<DateTimeOffset>> windows = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>Reserves one slot in each (key, limit) window, waiting up to <paramref name="maxWait"/>; else throws a 429.</summary>
    public async Task AcquireAsync(TimeSpan maxWait, CancellationToken cancellationToken, params (string Key, int Limit)[] counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var deadline = clock.GetUtcNow() + maxWait;
        while (true)
        {
            var wait = TryReserve(counters);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            if (clock.GetUtcNow() + wait > deadline)
            {
                throw new SdmApiException(HttpStatusCode.TooManyRequests, "RESOURCE_EXHAUSTED",
                    $"Google's Device Access quota ({string.Join(", ", counters.Select(c => $"{c.Limit}/min"))}) is used up; try again in {Math.Ceiling(wait.TotalSeconds)} s.", wait);
            }

            await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True (and a slot taken) when every window has room now.</summary>
    public bool TryAcquire(params (string Key, int Limit)[] counters) => TryReserve(counters) <= TimeSpan.Zero;

    /// <summary>Calls counted in the last minute under <paramref name="key"/>.</summary>
    public int Used(string key)
    {
        lock (gate)
        {
            return windows.TryGetValue(key, out var q) ? Prune(q, clock.GetUtcNow()) : 0;
        }
    }

    private TimeSpan TryReserve((string Key, int Limit)[] counters)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            var wait = TimeSpan.Zero;
            foreach (var (key, limit) in counters)
            {
                if (!windows.TryGetValue(key, out var q))
                {
                    windows[key] = q = new Queue<DateTimeOffset>();
                }

                if (Prune(q, now) >= limit)
                {
                    var free = q.Peek() + Window - now;
                    wait = free > wait ? free : wait;
                }
            }

            if (wait > TimeSpan.Zero)
            {
                return wait;
            }

            foreach (var (key, _) in counters)
            {
                windows[key].Enqueue(now);
            }

            return TimeSpan.Zero;
        }
    }

    private static int Prune(Queue<DateTimeOffset> q, DateTimeOffset now)
    {
        while (q.Count > 0 && now - q.Peek() >= Window)
        {
            q.Dequeue();
        }

        return q.Count;
    }
}
