using System.Diagnostics;

namespace SmartHomeCam.Rtsp.Receive;

/// <summary>
/// A few dedicated threads that drain every playing RTSP session's sockets once per <see cref="Period"/>.
/// A camera sends a 1080p frame as a burst of RTP packets; waking a thread-pool thread per packet (and again per
/// frame for the reader) cost far more than handling the bytes. Polling all sessions on a coarse shared tick wakes
/// one thread per tick for all of them and reads each socket's backlog in one or two syscalls, at the price of at
/// most one tick of added latency (less than a frame interval at up to 50 fps).
/// </summary>
internal sealed class ReceiveTicker
{
    /// <summary>20 ms: half a frame at 25 fps, so WebRTC viewers on the same path get at most that much extra delay.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    private static readonly ReceiveTicker[] Shards = CreateShards();
    private static int nextShard = -1;

    private readonly Lock gate = new();
    private readonly object idle = new();
    private readonly int index;
    private IPolledReceiver[] receivers = [];
    private Thread? thread;

    private ReceiveTicker(int index) => this.index = index;

    /// <summary>Receivers registered on every shard (tests).</summary>
    internal static int RegisteredCount => Shards.Sum(s => Volatile.Read(ref s.receivers).Length);

    /// <summary>Starts draining <paramref name="receiver"/> on the next tick; dispose the result to stop.</summary>
    public static IDisposable Register(IPolledReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var shard = Shards[(int)((uint)Interlocked.Increment(ref nextShard) % (uint)Shards.Length)];
        shard.Add(receiver);
        return new Registration(shard, receiver);
    }

    /// <summary>One shard per two cores (at most 8): a slow reader delays only the sessions of its own shard.</summary>
    private static ReceiveTicker[] CreateShards()
    {
        var count = Math.Clamp(Environment.ProcessorCount / 2, 1, 8);
        var shards = new ReceiveTicker[count];
        for (var i = 0; i < count; i++)
        {
            shards[i] = new ReceiveTicker(i);
        }

        return shards;
    }

    private void Add(IPolledReceiver receiver)
    {
        lock (gate)
        {
            receivers = [.. receivers, receiver];
            if (thread is null)
            {
                thread = new Thread(Run) { IsBackground = true, Name = $"RTSP receive {index}" };
                thread.Start();
            }
        }

        lock (idle)
        {
            Monitor.PulseAll(idle);
        }
    }

    private void Remove(IPolledReceiver receiver)
    {
        lock (gate)
        {
            receivers = Array.FindAll(receivers, r => !ReferenceEquals(r, receiver));
        }
    }

    private void Run()
    {
        var period = Stopwatch.Frequency * Period.Ticks / TimeSpan.TicksPerSecond;
        var next = Stopwatch.GetTimestamp();
        while (true)
        {
            var current = Volatile.Read(ref receivers);
            if (current.Length == 0)
            {
                lock (idle)
                {
                    while (Volatile.Read(ref receivers).Length == 0)
                    {
                        Monitor.Wait(idle); // nothing playing: no ticks at all
                    }
                }

                next = Stopwatch.GetTimestamp();
                continue;
            }

            foreach (var receiver in current)
            {
                try
                {
                    receiver.Poll();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A receiver handles its own failures; one that still throws must not stop the others.
                    Debug.Fail($"polled receiver threw: {e}");
                }
            }

            // Fixed cadence, not fixed sleep: the work of a tick does not stretch the period; a late tick is not caught up.
            next += period;
            var now = Stopwatch.GetTimestamp();
            if (next <= now)
            {
                next = now;
                continue;
            }

            Thread.Sleep(TimeSpan.FromTicks((next - now) * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
        }
    }

    private sealed class Registration(ReceiveTicker shard, IPolledReceiver receiver) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                shard.Remove(receiver);
            }
        }
    }
}
