using SmartHomeCam.Coordination;

namespace SmartHomeCam.Streaming.Tests;

/// <summary>
/// One replica's view of a shared in-memory "Redis": cut off (every call throws, as StackExchange.Redis does when
/// the server is unreachable) or restarted empty (<see cref="SharedStore.Restart"/>), while other replicas keep theirs.
/// Not an <see cref="InMemoryCoordination"/>, so ownership treats it as shared.
/// </summary>
public sealed class PartitionedCoordination(PartitionedCoordination.SharedStore store) : ICoordination
{
    public bool CutOff { get; set; }

    public int Calls { get; private set; }

    private InMemoryCoordination Inner
    {
        get
        {
            Calls++;
            return CutOff ? throw new InvalidOperationException("No connection is active/available to service this operation (test partition).") : store.Current;
        }
    }

    public Task SetAsync(string key, string value, TimeSpan lifetime) => Inner.SetAsync(key, value, lifetime);

    public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan lifetime) => Inner.SetIfAbsentAsync(key, value, lifetime);

    public Task<string?> GetAsync(string key) => Inner.GetAsync(key);

    public Task<IReadOnlyList<KeyValuePair<string, string>>> ScanAsync(string prefix) => Inner.ScanAsync(prefix);

    public Task PublishAsync(string channel, string message) => Inner.PublishAsync(channel, message);

    public Task SubscribeAsync(string channel, Action<string> handler) => Inner.SubscribeAsync(channel, handler);

    public Task<Lease?> TryAcquireLeaseAsync(string key, string ownerId, TimeSpan ttl) => Inner.TryAcquireLeaseAsync(key, ownerId, ttl);

    public Task<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl) => Inner.RenewLeaseAsync(lease, ttl);

    public Task<bool> ReleaseLeaseAsync(Lease lease) => Inner.ReleaseLeaseAsync(lease);

    /// <summary>The "Redis server" every replica's view shares.</summary>
    public sealed class SharedStore(TimeProvider clock) : IDisposable
    {
        public InMemoryCoordination Current { get; private set; } = new(clock);

        /// <summary>Like a redis-server without persistence restarting: every key is gone.</summary>
        public void Restart()
        {
            var old = Current;
            Current = new InMemoryCoordination(clock);
            old.Dispose();
        }

        public void Dispose() => Current.Dispose();
    }
}
