using System.Collections.Concurrent;

namespace SmartHomeCam.Streaming.Tokens;

/// <summary>The revocation set as checked on every request: one "revoked before" instant per account, in memory.</summary>
public sealed class InMemoryStreamRevocations : IStreamRevocations
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> revokedBefore = new(StringComparer.Ordinal);

    public int Count => revokedBefore.Count;

    public void RevokeUser(string userId, DateTimeOffset before) =>
        revokedBefore.AddOrUpdate(userId, before, (_, existing) => existing > before ? existing : before);

    // Token issue times have millisecond resolution, so "issued in the same millisecond as the revocation" counts as revoked.
    public bool IsRevoked(string userId, DateTimeOffset issuedAt) =>
        revokedBefore.TryGetValue(userId, out var before) && issuedAt.ToUnixTimeMilliseconds() <= before.ToUnixTimeMilliseconds();

    /// <summary>Forgets revocations older than <paramref name="cutoff"/>: every token they voided has expired.</summary>
    public void Prune(DateTimeOffset cutoff)
    {
        foreach (var (userId, before) in revokedBefore)
        {
            if (before < cutoff)
            {
                revokedBefore.TryRemove(new KeyValuePair<string, DateTimeOffset>(userId, before));
            }
        }
    }
}
