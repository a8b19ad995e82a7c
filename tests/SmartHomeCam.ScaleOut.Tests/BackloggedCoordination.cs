using SmartHomeCam.Coordination;

namespace SmartHomeCam.ScaleOut.Tests;

/// <summary>
/// One replica's connection to a shared in-memory "Redis" that behaves as StackExchange.Redis does when the server
/// goes away: calls are held in a backlog (their tasks do not complete) and run, in order, against whatever the
/// server holds once the connection is back — possibly long after the caller gave up waiting.
/// </summary>
public sealed class BackloggedCoordination(BackloggedCoordination.Server server) : ICoordination
{
    private readonly Lock gate = new();
    private readonly Queue<Func<Task>> backlog = new();
    private bool down;

    /// <summary>Holds every later call until <see cref="ReconnectAsync"/>.</summary>
    public void Disconnect()
    {
        lock (gate)
        {
            down = true;
        }
    }

    /// <summary>Runs the held calls against the server as it is now, then passes calls straight through again.</summary>
    public async Task ReconnectAsync()
    {
        while (true)
        {
            Func<Task> next;
            lock (gate)
            {
                if (!backlog.TryDequeue(out next!))
                {
                    down = false;
                    return;
                }
            }

            await next();
        }
    }

    public Task SetAsync(string key, string value, TimeSpan lifetime) => Run(s => Done(s.SetAsync(key, value, lifetime)));

    public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan lifetime) => Run(s => s.SetIfAbsentAsync(key, value, lifetime));

    public Task<string?> GetAsync(string key) => Run(s => s.GetAsync(key));

    public Task<IReadOnlyList<KeyValuePair<string, string>>> ScanAsync(string prefix) => Run(s => s.ScanAsync(prefix));

    public Task PublishAsync(string channel, string message) => Run(s => Done(s.PublishAsync(channel, message)));

    public Task SubscribeAsync(string channel, Action<string> handler) => Run(s => Done(s.SubscribeAsync(channel, handler)));

    public Task<Lease?> TryAcquireLeaseAsync(string key, string ownerId, TimeSpan ttl) => Run(s => s.TryAcquireLeaseAsync(key, ownerId, ttl));

    public Task<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl) => Run(s => s.RenewLeaseAsync(lease, ttl));

    public Task<bool> ReleaseLeaseAsync(Lease lease) => Run(s => s.ReleaseLeaseAsync(lease));

    private static async Task<bool> Done(Task call)
    {
        await call;
        return true;
    }

    private Task<T> Run<T>(Func<InMemoryCoordination, Task<T>> call)
    {
        lock (gate)
        {
            if (!down)
            {
                return call(server.Current);
            }

            var held = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            backlog.Enqueue(async () =>
            {
                try
                {
                    held.SetResult(await call(server.Current));
                }
                catch (Exception e)
                {
                    held.SetException(e);
                }
            });
            return held.Task;
        }
    }

    /// <summary>The "redis-server" every replica's connection shares.</summary>
    public sealed class Server(TimeProvider clock) : IDisposable
    {
        public InMemoryCoordination Current { get; private set; } = new(clock);

        /// <summary>Like a redis-server without persistence restarting: every key is gone, fencing counters too.</summary>
        public void Restart()
        {
            var old = Current;
            Current = new InMemoryCoordination(clock);
            old.Dispose();
        }

        public void Dispose() => Current.Dispose();
    }
}
