using SmartHomeCam.Coordination;

namespace SmartHomeCam.ScaleOut.Tests;

/// <summary>One replica's view of a shared in-memory "Redis" that counts the round trips it makes.</summary>
public sealed class CountingCoordination(InMemoryCoordination store) : ICoordination
{
    private int calls;

    /// <summary>Calls made so far (each one a Redis round trip in production).</summary>
    public int Calls => Volatile.Read(ref calls);

    public Task SetAsync(string key, string value, TimeSpan lifetime) => Count(store.SetAsync(key, value, lifetime));

    public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan lifetime) => Count(store.SetIfAbsentAsync(key, value, lifetime));

    public Task<string?> GetAsync(string key) => Count(store.GetAsync(key));

    public Task<IReadOnlyList<KeyValuePair<string, string>>> ScanAsync(string prefix) => Count(store.ScanAsync(prefix));

    public Task PublishAsync(string channel, string message) => Count(store.PublishAsync(channel, message));

    public Task SubscribeAsync(string channel, Action<string> handler) => Count(store.SubscribeAsync(channel, handler));

    public Task<Lease?> TryAcquireLeaseAsync(string key, string ownerId, TimeSpan ttl) => Count(store.TryAcquireLeaseAsync(key, ownerId, ttl));

    public Task<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl) => Count(store.RenewLeaseAsync(lease, ttl));

    public Task<bool> ReleaseLeaseAsync(Lease lease) => Count(store.ReleaseLeaseAsync(lease));

    private T Count<T>(T call)
    {
        Interlocked.Increment(ref calls);
        return call;
    }
}
