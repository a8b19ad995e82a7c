using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.NestLegacy.Auth;

/// <summary>
/// One current token per connection (and credential, so a replaced cookie is never answered with the old
/// login's token), renewed <see cref="NestLegacyOptions.TokenRefreshMargin"/> before it expires; concurrent
/// callers share one login. <see cref="NestTokenRenewer"/> renews due tokens on a timer; running streams see
/// <see cref="Generation"/> move and re-authorise with the new token (spec §5 AUTHORIZE_REQUEST).
/// The cache holds tokens only, never the credential they were bought with.
/// </summary>
public sealed class NestTokenCache(NestAuthenticator authenticator, IOptions<NestLegacyOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long generation;

    /// <summary>Moves whenever any cached token is replaced: a cheap per-packet check for running streams.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <param name="stale">A token the caller saw rejected: a newer one is fetched unless the cache already holds one.</param>
    public async Task<NestToken> GetAsync(Guid connectionId, NestLegacyCredentials credentials, NestToken? stale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var entry = EntryFor(connectionId, credentials);
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = entry.Token;
            if (current is not null && !ReferenceEquals(current, stale) && current.ExpiresAt - options.Value.TokenRefreshMargin > clock.GetUtcNow())
            {
                return current;
            }

            return await LoginAsync(entry, credentials, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>The cached token of a connection and credential, without logging in (null when there is none).</summary>
    public NestToken? Peek(Guid connectionId, NestLegacyCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return entries.TryGetValue(Key(connectionId, credentials), out var entry) ? entry.Token : null;
    }

    /// <summary>
    /// Connections whose token expires within the refresh margin plus <paramref name="ahead"/> (so renewal happens
    /// before any caller would have to wait for a login), skipping those still backing off after a failure.
    /// </summary>
    public IReadOnlyList<Guid> DueForRenewal(TimeSpan ahead)
    {
        var now = clock.GetUtcNow();
        return entries.Values
            .Where(e => IsDue(e, now, ahead))
            .Select(e => e.ConnectionId)
            .Distinct()
            .ToList();
    }

    /// <summary>
    /// Logs in again for a connection with its current credential if its token is still due (as
    /// <see cref="DueForRenewal"/> with the same <paramref name="ahead"/> decides); entries of older credentials of
    /// that connection are dropped. On failure the old token stays (it may still be valid) and the entry backs off
    /// for <paramref name="retryAfterFailure"/>.
    /// </summary>
    /// <returns>The new token, or null when, by the time this caller held the entry, another renewal or a stream's
    /// re-login had replaced the token (or a failed one is backing off): one login per due token, never two.</returns>
    public async Task<NestToken?> RenewAsync(Guid connectionId, NestLegacyCredentials credentials, TimeSpan ahead, TimeSpan retryAfterFailure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var key = Key(connectionId, credentials);
        foreach (var old in KeysOf(connectionId).Where(k => k != key))
        {
            entries.TryRemove(old, out _);
        }

        var entry = entries.GetOrAdd(key, _ => new Entry(connectionId));
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Decided again under the gate: the caller chose this connection before waiting, and whoever held the
            // gate meanwhile may have logged in already (issue 11: a second login bought a third JWT).
            if (entry.Token is not null && !IsDue(entry, clock.GetUtcNow(), ahead))
            {
                return null;
            }

            return await LoginAsync(entry, credentials, cancellationToken).ConfigureAwait(false);
        }
        catch (NestAuthException)
        {
            entry.RetryAt = clock.GetUtcNow() + retryAfterFailure;
            throw;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Forgets a connection's tokens (it was removed or its credential replaced).</summary>
    public void Forget(Guid connectionId)
    {
        foreach (var key in KeysOf(connectionId))
        {
            entries.TryRemove(key, out _);
        }
    }

    private async Task<NestToken> LoginAsync(Entry entry, NestLegacyCredentials credentials, CancellationToken cancellationToken)
    {
        entry.Token = await authenticator.LoginAsync(credentials, cancellationToken).ConfigureAwait(false);
        entry.RetryAt = DateTimeOffset.MinValue;
        Interlocked.Increment(ref generation);
        return entry.Token;
    }

    private bool IsDue(Entry entry, DateTimeOffset now, TimeSpan ahead) =>
        entry.Token is { } t && t.ExpiresAt - options.Value.TokenRefreshMargin <= now + ahead && entry.RetryAt <= now;

    private Entry EntryFor(Guid connectionId, NestLegacyCredentials credentials) =>
        entries.GetOrAdd(Key(connectionId, credentials), _ => new Entry(connectionId));

    private List<string> KeysOf(Guid connectionId)
    {
        var prefix = connectionId.ToString("N") + ":";
        return entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    private static string Key(Guid connectionId, NestLegacyCredentials credentials) =>
        connectionId.ToString("N") + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(credentials.Kind + "\n" + credentials.IssueTokenUrl + "\n" + credentials.Secret)));

    private sealed class Entry(Guid connectionId)
    {
        public Guid ConnectionId { get; } = connectionId;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public NestToken? Token { get; set; }

        public DateTimeOffset RetryAt { get; set; } = DateTimeOffset.MinValue;
    }
}
