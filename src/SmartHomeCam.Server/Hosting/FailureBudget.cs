namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// Per-key counters in fixed one-minute windows. A request reserves one unit before it runs (so a burst of
/// concurrent requests cannot overrun the budget) and refunds it when it turns out to have succeeded.
/// </summary>
public sealed class FailureBudget(TimeProvider clock, int perMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int SweepAbove = 10_000;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Counter> counters = new(StringComparer.Ordinal);

    /// <summary>False (with how long to wait) when <paramref name="key"/> has spent its budget for this window.</summary>
    public bool TryReserve(string key, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (!counters.TryGetValue(key, out var counter) || now - counter.WindowStart >= Window)
            {
                if (counters.Count >= SweepAbove)
                {
                    Sweep(now);
                }

                counter = new Counter { WindowStart = now };
                counters[key] = counter;
            }

            if (counter.Count >= Math.Max(1, perMinute))
            {
                retryAfter = counter.WindowStart + Window - now;
                return false;
            }

            counter.Count++;
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    public void Refund(string key)
    {
        lock (gate)
        {
            if (counters.TryGetValue(key, out var counter) && counter.Count > 0)
            {
                counter.Count--;
            }
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, counter) in counters.ToList())
        {
            if (now - counter.WindowStart >= Window)
            {
                counters.Remove(key);
            }
        }
    }

    private sealed class Counter
    {
        public DateTimeOffset WindowStart { get; init; }

        public int Count { get; set; }
    }
}
