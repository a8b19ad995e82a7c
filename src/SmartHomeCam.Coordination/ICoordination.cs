namespace SmartHomeCam.Coordination;

/// <summary>
/// What replicas share: small expiring facts, broadcast notices and leases. In-memory for a single process (the
/// embedded default), Redis when several replicas run; both backends keep the same contract, so a caller never
/// asks which one it has.
/// </summary>
/// <remarks>
/// Keys starting with <see cref="CoordinationKeys.LeasePrefix"/> belong to leases: fact operations refuse them and
/// <see cref="ScanAsync"/> never returns them. Lifetimes must be at least one millisecond (Redis' resolution).
/// </remarks>
public interface ICoordination
{
    /// <summary>Stores (or overwrites) a fact that expires by itself.</summary>
    Task SetAsync(string key, string value, TimeSpan lifetime);

    /// <summary>
    /// Stores a fact only if no live one has the key (de-duplication: "whoever creates it does the work").
    /// True when this call created it; concurrent callers in any process get exactly one true.
    /// </summary>
    Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan lifetime);

    /// <summary>The live fact's value, or null when absent or expired.</summary>
    Task<string?> GetAsync(string key);

    /// <summary>Every live fact whose key starts with <paramref name="prefix"/> (used once at start-up to catch up).</summary>
    Task<IReadOnlyList<KeyValuePair<string, string>>> ScanAsync(string prefix);

    /// <summary>
    /// Broadcasts to every subscriber of <paramref name="channel"/> in every process, the sender included, each
    /// exactly once. Completes when the notice is handed over, not when handlers ran: handlers never run inside
    /// the publisher's call (so a publisher may hold its own locks). Each subscription gets one publisher's
    /// notices in publish order, one at a time.
    /// </summary>
    Task PublishAsync(string channel, string message);

    /// <summary>
    /// Registers a handler; completes once notices on the channel will be delivered to it. A handler that throws
    /// is logged and keeps receiving; other handlers are unaffected.
    /// </summary>
    Task SubscribeAsync(string channel, Action<string> handler);

    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="ownerId"/> for <paramref name="ttl"/>. Returns the lease
    /// with a fencing number higher than any earlier acquisition of the key (by any owner), or null while another
    /// owner holds it. If <paramref name="ownerId"/> already holds it, the same lease comes back with its lifetime
    /// reset (so a retried call is harmless). Owner ids must be unique per holder (e.g. replica id + session).
    /// </summary>
    Task<Lease?> TryAcquireLeaseAsync(string key, string ownerId, TimeSpan ttl);

    /// <summary>
    /// Extends a lease still held to <paramref name="ttl"/> from now. False once it is lost: expired (whether or
    /// not someone took it since) or released; the owner must then acquire again and gets a new fencing number.
    /// </summary>
    Task<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl);

    /// <summary>Ends a lease only if it is still this exact one (owner and fencing number); true when it was.</summary>
    Task<bool> ReleaseLeaseAsync(Lease lease);
}
