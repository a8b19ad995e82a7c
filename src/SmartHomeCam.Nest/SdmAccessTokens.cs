using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Nest;

/// <summary>
/// Access tokens per Nest account (keyed by a hash of its refresh token, never the token itself), refreshed
/// ahead of expiry so a running stream's Extend never meets an expired token; one refresh at a time per account.
/// </summary>
public sealed class SdmAccessTokens(SdmTokenClient tokens, IOptions<SdmOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public static string AccountKey(string refreshToken) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)))[..32];

    /// <summary>A token valid for at least the refresh margin; refreshes when needed.</summary>
    public async Task<string> GetAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var entry = entries.GetOrAdd(AccountKey(refreshToken), _ => new Entry());
        var current = Volatile.Read(ref entry.Tokens);
        if (current is not null && current.ExpiresAt - clock.GetUtcNow() > options.Value.AccessTokenRefreshMargin)
        {
            return current.AccessToken;
        }

        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = entry.Tokens;
            if (current is not null && current.ExpiresAt - clock.GetUtcNow() > options.Value.AccessTokenRefreshMargin)
            {
                return current.AccessToken;
            }

            var fresh = await tokens.RefreshAsync(refreshToken, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref entry.Tokens, fresh);
            return fresh.AccessToken;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Google refused <paramref name="accessToken"/> (401): forget it, so the next call refreshes.</summary>
    public void Invalidate(string refreshToken, string accessToken)
    {
        if (entries.TryGetValue(AccountKey(refreshToken), out var entry))
        {
            var current = Volatile.Read(ref entry.Tokens);
            if (current is not null && current.AccessToken == accessToken)
            {
                Interlocked.CompareExchange(ref entry.Tokens, null, current);
            }
        }
    }

    /// <summary>Seeds the cache with the tokens of a fresh code exchange (saves one refresh).</summary>
    public void Seed(string refreshToken, SdmTokens fresh) =>
        Volatile.Write(ref entries.GetOrAdd(AccountKey(refreshToken), _ => new Entry()).Tokens, fresh);

    public void Forget(string refreshToken) => entries.TryRemove(AccountKey(refreshToken), out _);

    // One per account for the process lifetime: the semaphore has no wait handle to free.
#pragma warning disable CA1001
    private sealed class Entry
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public SdmTokens? Tokens;
    }
#pragma warning restore CA1001
}
