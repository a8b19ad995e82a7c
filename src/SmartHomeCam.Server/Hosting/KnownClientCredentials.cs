using System.Security.Cryptography;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// Fingerprints of client credentials that recently succeeded at the token endpoint in this process, so a
/// flood of wrong secrets from a shared address (Google's egress) never refuses the client that knows its own.
/// Only hashes are kept, few of them, and they are compared in constant time.
/// </summary>
public sealed class KnownClientCredentials(TimeProvider clock)
{
    private const int Capacity = 64;
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private readonly Lock gate = new();
    private readonly List<(byte[] Hash, DateTimeOffset LastSuccess)> entries = [];

    public bool Contains(byte[] fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var cutoff = clock.GetUtcNow() - Lifetime;
        var found = false;
        lock (gate)
        {
            // No early exit: the time taken does not tell which entry (or whether one) matched.
            foreach (var (hash, lastSuccess) in entries)
            {
                found |= CryptographicOperations.FixedTimeEquals(hash, fingerprint) & lastSuccess > cutoff;
            }
        }

        return found;
    }

    public void Remember(byte[] fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var now = clock.GetUtcNow();
        lock (gate)
        {
            RemoveLocked(fingerprint);
            if (entries.Count == Capacity)
            {
                entries.RemoveAt(entries.Select((e, i) => (e.LastSuccess, i)).Min().i);
            }

            entries.Add((fingerprint, now));
        }
    }

    /// <summary>A credential that now fails (a rotated secret) loses its pass.</summary>
    public void Forget(byte[] fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        lock (gate)
        {
            RemoveLocked(fingerprint);
        }
    }

    private void RemoveLocked(byte[] fingerprint) =>
        entries.RemoveAll(e => CryptographicOperations.FixedTimeEquals(e.Hash, fingerprint));
}
