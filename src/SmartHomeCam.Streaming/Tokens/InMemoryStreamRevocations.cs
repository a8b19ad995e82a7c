using System.Collections.Concurrent;

namespace SmartHomeCam.Streaming.Tokens;

/// <summary>Single-process revocation set (embedded default).</summary>
public sealed class InMemoryStreamRevocations : IStreamRevocations
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> revokedBefore = new(StringComparer.Ordinal);

    public void RevokeUser(string userId, DateTimeOffset before) =>
        revokedBefore.AddOrUpdate(userId, before, (_, existing) => existing > before ? existing : before);

    // Token times have one-second resolution, so "issued in the same second as the revocation" counts as revoked.
    public bool IsRevoked(string userId, DateTimeOffset issuedAt) =>
        revokedBefore.TryGetValue(userId, out var before) && issuedAt.ToUnixTimeSeconds() <= before.ToUnixTimeSeconds();
}
