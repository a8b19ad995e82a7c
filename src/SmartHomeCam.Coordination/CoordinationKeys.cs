namespace SmartHomeCam.Coordination;

/// <summary>The key space both backends share: where leases live, and the checks applied to keys and lifetimes.</summary>
public static class CoordinationKeys
{
    /// <summary>Keys starting with this are leases (and their fencing counters), never facts.</summary>
    public const string LeasePrefix = "lease:";

    /// <summary>
    /// The lease's own key. The braces are a Redis Cluster hash tag: the lease and its counter land in one slot,
    /// as a script touching both requires.
    /// </summary>
    internal static string Holder(string key) => LeasePrefix + "{" + key + "}";

    /// <summary>The counter behind the fencing numbers; it never expires, so numbers keep growing after a lease lapses.</summary>
    internal static string Fence(string key) => LeasePrefix + "{" + key + "}:fence";

    internal static void ValidateFactKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.StartsWith(LeasePrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Keys starting with \"{LeasePrefix}\" are reserved for leases.", nameof(key));
        }
    }

    internal static void ValidateLifetime(TimeSpan lifetime, string name)
    {
        if (lifetime < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(name, lifetime, "A lifetime must be at least one millisecond.");
        }
    }

    internal static void ValidateLease(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentException.ThrowIfNullOrEmpty(lease.Key);
        ArgumentException.ThrowIfNullOrEmpty(lease.OwnerId);
    }
}
