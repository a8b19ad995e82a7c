using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.NestLegacy.Auth;

/// <summary>
/// One current token per connection (and credential, so a replaced cookie is never answered with the old
/// login's token), renewed <see cref="NestLegacyOptions.TokenRefreshMargin"/> before it expires; concurrent
/// callers share one login.
/// </summary>
public sealed class NestTokenCache(NestAuthenticator authenticator, IOptions<NestLegacyOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <param name="stale">A token the caller saw rejected: a newer one is fetched unless the cache already holds one.</param>
    public async Task<NestToken> GetAsync(Guid connectionId, NestLegacyCredentials credentials, NestToken? stale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var entry = entries.GetOrAdd(Key(connectionId, credentials), _ => new Entry());
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = entry.Token;
            if (current is not null && !ReferenceEquals(current, stale) && current.ExpiresAt - options.Value.TokenRefreshMargin > clock.GetUtcNow())
            {
                return current;
            }

            entry.Token = await authenticator.LoginAsync(credentials, cancellationToken).ConfigureAwait(false);
            return entry.Token;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Forgets a connection's tokens (it was removed or its credential replaced).</summary>
    public void Forget(Guid connectionId)
    {
        var prefix = connectionId.ToString("N") + ":";
        foreach (var key in entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            entries.TryRemove(key, out _);
        }
    }

    private static string Key(Guid connectionId, NestLegacyCredentials credentials) =>
        connectionId.ToString("N") + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(credentials.Kind + "\n" + credentials.IssueTokenUrl + "\n" + credentials.Secret)));

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public NestToken? Token { get; set; }
    }
}
