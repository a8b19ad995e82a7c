using System.Diagnostics;
using System.Globalization;

namespace SmartHomeCam.Nest.Tests;

/// <summary>
/// The soak's stage clock: a dedicated thread (immune to thread-pool starvation, which it also measures) samples a
/// monotonic counter per stage of the media path every millisecond and records when each last advanced, so an
/// output stall can be pinned to the first stage upstream that paused with it. It also keeps a histogram of every
/// stage's gaps and the thread pool and GC state during each long gap.
/// </summary>
internal sealed class NestSoakProbe : IDisposable
{
    /// <summary>Gaps of at least this long are kept with their times (shorter ones only go into the histogram).</summary>
    private static readonly TimeSpan LongGap = TimeSpan.FromMilliseconds(250);
    private static readonly double[] Buckets = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, double.MaxValue];

    private readonly (string Name, Func<long> Read)[] stages;
    private readonly long[] lastCount;
    private readonly TimeSpan[] lastChange;
    private readonly long[,] histogram;
    private readonly List<Gap> gaps = [];
    private readonly Stopwatch watch;
    private readonly Thread thread;
    private readonly Timer ticker;
    private long ticks;
    private long echoes;
    private int echoPending;
    private volatile bool stopping;
    private TimeSpan samplerLate;

    public NestSoakProbe(Stopwatch watch, params (string Name, Func<long> Read)[] stages)
    {
        this.watch = watch;
        // Two references that share nothing with the media path: a 10 ms timer, and a work item the probe thread
        // queues to the thread pool whenever the last one ran (pool starvation stops it; a late timer stops the ticks).
        ticker = new Timer(_ => Interlocked.Increment(ref ticks), null, 10, 10);
        this.stages = [("thread pool echo", () => Interlocked.Read(ref echoes)), ("10 ms timer", () => Interlocked.Read(ref ticks)), .. stages];
        stages = this.stages;
        lastCount = new long[stages.Length];
        lastChange = new TimeSpan[stages.Length];
        histogram = new long[stages.Length, Buckets.Length];
        thread = new Thread(Run) { IsBackground = true, Name = "soak probe", Priority = ThreadPriority.AboveNormal };
        thread.Start();
    }

    public IReadOnlyList<string> StageNames => [.. stages.Select(s => s.Name)];

    /// <summary>The longest time the sampler itself was not scheduled (the whole process or machine paused).</summary>
    public TimeSpan SamplerLate
    {
        get
        {
            lock (gaps)
            {
                return samplerLate;
            }
        }
    }

    /// <summary>Which stage paused over an output stall that ended at <paramref name="end"/>: the first one upstream.</summary>
    public string Attribute(TimeSpan end, TimeSpan length)
    {
        var start = end - length;
        var paused = new List<string>();
        lock (gaps)
        {
            foreach (var (name, _) in stages)
            {
                var hit = gaps.FirstOrDefault(g => g.Stage == name && g.Start <= start + (length * 0.2) && g.End >= end - (length * 0.2));
                if (hit is not null)
                {
                    paused.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{name} {hit.Length.TotalSeconds:0.00} s (pool {hit.PoolThreads} threads, ≤{hit.MaxPending} queued, GC {hit.GcPause.TotalMilliseconds:0} ms)"));
                }
            }
        }

        return paused.Count == 0 ? "none upstream" : string.Join("; ", paused);
    }

    /// <summary>Gaps per stage in buckets (seconds), as a markdown table.</summary>
    public string HistogramTable()
    {
        var text = new System.Text.StringBuilder("| stage | " + string.Join(" | ", Buckets.Select((b, i) => i == 0 ? $"< {b:0.###} s" : b == double.MaxValue ? $"≥ {Buckets[i - 1]:0.###} s" : $"< {b:0.###} s")) + " |\n");
        text.Append("|---|" + string.Concat(Enumerable.Repeat("---|", Buckets.Length)) + "\n");
        lock (gaps)
        {
            for (var s = 0; s < stages.Length; s++)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {stages[s].Name} |");
                for (var b = 0; b < Buckets.Length; b++)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {histogram[s, b]} |");
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Every gap of 250 ms or more, any stage, in time order.</summary>
    public string LongGapTable()
    {
        lock (gaps)
        {
            return "| stage | from (min) | length | pool threads | max queued | GC pause |\n|---|---|---|---|---|---|\n" + string.Join('\n', gaps.OrderBy(g => g.Start).Select(g => string.Create(CultureInfo.InvariantCulture,
                $"| {g.Stage} | {g.Start.TotalMinutes:0.000} | {g.Length.TotalSeconds:0.000} s | {g.PoolThreads} | {g.MaxPending} | {g.GcPause.TotalMilliseconds:0} ms |"))) + "\n";
        }
    }

    public void Dispose()
    {
        ticker.Dispose();
        stopping = true;
        thread.Join();
    }

    private void Run()
    {
        var pendingMax = new long[stages.Length];
        var gcAtChange = new TimeSpan[stages.Length];
        var previous = watch.Elapsed;
        for (var s = 0; s < stages.Length; s++)
        {
            lastCount[s] = stages[s].Read();
            lastChange[s] = previous;
            gcAtChange[s] = GC.GetTotalPauseDuration();
        }

        while (!stopping)
        {
            Thread.Sleep(1);
            var now = watch.Elapsed;
            var pending = ThreadPool.PendingWorkItemCount;
            if (Interlocked.CompareExchange(ref echoPending, 1, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static p => p.Echo(), this, preferLocal: false);
            }

            lock (gaps)
            {
                if (now - previous > samplerLate)
                {
                    samplerLate = now - previous;
                }

                for (var s = 0; s < stages.Length; s++)
                {
                    pendingMax[s] = Math.Max(pendingMax[s], pending);
                    var count = stages[s].Read();
                    if (count == lastCount[s])
                    {
                        continue;
                    }

                    var gap = now - lastChange[s];
                    var seconds = gap.TotalSeconds;
                    var bucket = 0;
                    while (seconds >= Buckets[bucket])
                    {
                        bucket++;
                    }

                    histogram[s, bucket]++;
                    var gc = GC.GetTotalPauseDuration();
                    if (gap >= LongGap)
                    {
                        gaps.Add(new Gap(stages[s].Name, lastChange[s], now, ThreadPool.ThreadCount, pendingMax[s], gc - gcAtChange[s]));
                    }

                    lastCount[s] = count;
                    lastChange[s] = now;
                    gcAtChange[s] = gc;
                    pendingMax[s] = 0;
                }
            }

            previous = now;
        }
    }

    private void Echo()
    {
        Interlocked.Increment(ref echoes);
        Volatile.Write(ref echoPending, 0);
    }

    private sealed record Gap(string Stage, TimeSpan Start, TimeSpan End, int PoolThreads, long MaxPending, TimeSpan GcPause)
    {
        public TimeSpan Length => End - Start;
    }
}
