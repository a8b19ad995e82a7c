using System.Collections.Concurrent;

namespace SmartHomeCam.Linking;

/// <summary>
/// Authorizations (linkings) and single access tokens revoked while access tokens issued under them may still be
/// unexpired. Access tokens are self-contained, so without this every bearer request would need a database read to
/// notice a revocation; with it the check is two dictionary lookups. An entry is forgotten once every access token
/// it could cover has expired anyway.
/// </summary>
public sealed class RevokedLinks(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> authorizations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> tokens = new(StringComparer.Ordinal);
    private long nextSweepTicks;

    public int Count => authorizations.Count + tokens.Count;

    /// <summary>True when the access token with these ids must be refused.</summary>
    public bool IsRevoked(string? authorizationId, string? tokenId)
    {
        SweepOccasionally();
        return (authorizationId is not null && authorizations.ContainsKey(authorizationId)) ||
               (tokenId is not null && tokens.ContainsKey(tokenId));
    }

    /// <summary>Remembers a revoked authorization until <paramref name="until"/> (when its last access token expires).</summary>
    public void AddAuthorization(string authorizationId, DateTimeOffset until) => Add(authorizations, authorizationId, until);

    /// <summary>Remembers one revoked access token until it expires.</summary>
    public void AddToken(string tokenId, DateTimeOffset until) => Add(tokens, tokenId, until);

    private static void Add(ConcurrentDictionary<string, DateTimeOffset> set, string id, DateTimeOffset until) =>
        set.AddOrUpdate(id, until, (_, existing) => existing > until ? existing : until);

    private void SweepOccasionally()
    {
        var now = clock.GetUtcNow();
        var due = Interlocked.Read(ref nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextSweepTicks, now.AddMinutes(1).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var set in new[] { authorizations, tokens })
        {
            foreach (var (id, until) in set)
            {
                if (until < now)
                {
                    set.TryRemove(KeyValuePair.Create(id, until));
                }
            }
        }
    }
}
