using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace SmartHomeCam.Linking;

/// <summary>
/// Access tokens OpenIddict already validated, keyed by their SHA-256 (the token itself is never kept), for at most
/// <c>OAuth:ValidatedTokenCacheDuration</c> (zero turns it off) and never past the token's own expiry. Every hit is checked against <see cref="RevokedLinks"/>,
/// the same in-memory set the validation handler reads, so revocation stays immediate on every replica.
/// </summary>
public sealed class ValidatedTokenCache(RevokedLinks revoked, IOptions<LinkingOptions> options, TimeProvider clock)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public ClaimsPrincipal? Find(string token)
    {
        var key = Key(token);
        if (!entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.Until <= clock.GetUtcNow() || revoked.IsRevoked(entry.AuthorizationId, entry.TokenId))
        {
            entries.TryRemove(key, out _);
            return null;
        }

        return entry.Principal;
    }

    public void Add(string token, ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var maxAge = options.Value.ValidatedTokenCacheDuration;
        if (maxAge <= TimeSpan.Zero)
        {
            return;
        }

        var until = clock.GetUtcNow() + maxAge;
        if (principal.GetExpirationDate() is { } expires && expires < until)
        {
            until = expires;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear(); // bounded; refilled by validation on demand
        }

        entries[Key(token)] = new Entry(principal, principal.GetAuthorizationId(), principal.GetTokenId(), until);
    }

    private static string Key(string token) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private sealed record Entry(ClaimsPrincipal Principal, string? AuthorizationId, string? TokenId, DateTimeOffset Until);
}
