using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SmartHomeCam.Coordination;

/// <summary>
/// Redis-backed coordination (StackExchange.Redis): facts are keys with a TTL under a prefix, notices are pub/sub
/// messages on prefixed channels (Redis delivers them to the publishing connection's own subscriptions too, which is
/// the contract), leases are keys changed only by the Lua scripts in <see cref="RedisLeaseScripts"/>.
/// </summary>
public sealed class RedisCoordination : ICoordination, IDisposable
{
    private const int ScanPageSize = 500;
    private readonly IConnectionMultiplexer redis;
    private readonly bool ownsConnection;
    private readonly IDatabase db;
    private readonly string keyPrefix;
    private readonly ILogger logger;
    private readonly ConcurrentQueue<ChannelMessageQueue> subscriptions = new();

    /// <summary>Opens (and later disposes) a connection of its own; a host shares one through the other constructor.</summary>
    public RedisCoordination(string configuration, string prefix, ILogger<RedisCoordination> logger)
        : this(RedisConnection.Connect(configuration), prefix, logger)
    {
        ownsConnection = true;
    }

    /// <summary>Uses a connection the caller owns.</summary>
    public RedisCoordination(IConnectionMultiplexer redis, string prefix, ILogger<RedisCoordination> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(prefix);
        this.redis = redis;
        keyPrefix = prefix;
        this.logger = logger;
        db = redis.GetDatabase();
    }

    public Task SetAsync(string key, string value, TimeSpan lifetime)
    {
        CoordinationKeys.ValidateFactKey(key);
        ArgumentNullException.ThrowIfNull(value);
        CoordinationKeys.ValidateLifetime(lifetime, nameof(lifetime));
        return db.StringSetAsync(Key(key), value, new Expiration(lifetime), ValueCondition.Always);
    }

    public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan lifetime)
    {
        CoordinationKeys.ValidateFactKey(key);
        ArgumentNullException.ThrowIfNull(value);
        CoordinationKeys.ValidateLifetime(lifetime, nameof(lifetime));
        return db.StringSetAsync(Key(key), value, new Expiration(lifetime), ValueCondition.NotExists); // SET NX PX
    }

    public async Task<string?> GetAsync(string key)
    {
        CoordinationKeys.ValidateFactKey(key);
        return await db.StringGetAsync(Key(key)).ConfigureAwait(false);
    }

    /// <summary>
    /// SCAN on every primary, then the values in pipelined batches. Throws when no primary is connected: an empty
    /// answer would let a starting replica believe there was nothing to catch up on.
    /// </summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ScanAsync(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var found = new List<KeyValuePair<string, string>>();
        var pattern = EscapeGlob(keyPrefix + prefix) + "*";
        var scanned = false;
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (!server.IsConnected || server.IsReplica)
            {
                continue;
            }

            scanned = true;
            var page = new List<RedisKey>(ScanPageSize);
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: ScanPageSize).ConfigureAwait(false))
            {
                var name = ((string)key!)[keyPrefix.Length..];
                if (!name.StartsWith(CoordinationKeys.LeasePrefix, StringComparison.Ordinal))
                {
                    page.Add(key);
                }

                if (page.Count == ScanPageSize)
                {
                    await ReadPageAsync(page, found).ConfigureAwait(false);
                    page.Clear();
                }
            }

            await ReadPageAsync(page, found).ConfigureAwait(false);
        }

        return scanned ? found : throw new InvalidOperationException("No Redis primary is connected, so the shared facts cannot be read.");
    }

    public Task PublishAsync(string channel, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(message);
        return redis.GetSubscriber().PublishAsync(Channel(channel), message);
    }

    /// <summary>
    /// A queue per subscription (rather than a plain callback, which StackExchange.Redis may run concurrently), so
    /// notices reach the handler one at a time and in order, as in memory.
    /// </summary>
    public async Task SubscribeAsync(string channel, Action<string> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(handler);
        var notice = new NoticeHandler(channel, handler, logger);
        var queue = await redis.GetSubscriber().SubscribeAsync(Channel(channel)).ConfigureAwait(false);
        subscriptions.Enqueue(queue);
        queue.OnMessage(m => notice.Deliver(m.Message.ToString()));
    }

    public async Task<Lease?> TryAcquireLeaseAsync(string key, string ownerId, TimeSpan ttl)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        CoordinationKeys.ValidateLifetime(ttl, nameof(ttl));
        var result = await db.ScriptEvaluateAsync(
            RedisLeaseScripts.Acquire,
            [Key(CoordinationKeys.Holder(key)), Key(CoordinationKeys.Fence(key))],
            [ownerId, Milliseconds(ttl)]).ConfigureAwait(false);
        if (result.IsNull)
        {
            return null;
        }

        var held = result.ToString();
        var fence = long.Parse(held.AsSpan(0, held.IndexOf(' ', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
        return new Lease(key, ownerId, fence);
    }

    public async Task<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl)
    {
        CoordinationKeys.ValidateLease(lease);
        CoordinationKeys.ValidateLifetime(ttl, nameof(ttl));
        var result = await db.ScriptEvaluateAsync(
            RedisLeaseScripts.Renew, [Key(CoordinationKeys.Holder(lease.Key))], [HeldValue(lease), Milliseconds(ttl)]).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<bool> ReleaseLeaseAsync(Lease lease)
    {
        CoordinationKeys.ValidateLease(lease);
        var result = await db.ScriptEvaluateAsync(
            RedisLeaseScripts.Release, [Key(CoordinationKeys.Holder(lease.Key))], [HeldValue(lease)]).ConfigureAwait(false);
        return (long)result == 1;
    }

    public void Dispose()
    {
        if (ownsConnection)
        {
            redis.Dispose(); // ends the subscriptions with it
            return;
        }

        while (subscriptions.TryDequeue(out var queue))
        {
            try
            {
                queue.Unsubscribe(CommandFlags.FireAndForget);
            }
            catch (ObjectDisposedException)
            {
                // The shared connection was disposed first (host shutdown order): its subscriptions ended with it.
            }
        }
    }

    private RedisKey Key(string key) => keyPrefix + key;

    private RedisChannel Channel(string channel) => RedisChannel.Literal(keyPrefix + channel);

    private static string HeldValue(Lease lease) => lease.FencingNumber.ToString(CultureInfo.InvariantCulture) + " " + lease.OwnerId;

    private static long Milliseconds(TimeSpan ttl) => (long)Math.Ceiling(ttl.TotalMilliseconds);

    /// <summary>SCAN's MATCH is a glob: a prefix containing * ? [ ] or \ must match literally.</summary>
    private static string EscapeGlob(string literal)
    {
        var escaped = new StringBuilder(literal.Length);
        foreach (var c in literal)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private async Task ReadPageAsync(List<RedisKey> keys, List<KeyValuePair<string, string>> found)
    {
        if (keys.Count == 0)
        {
            return;
        }

        // One GET per key, all in flight at once (MGET would fail across Redis Cluster slots).
        var values = await Task.WhenAll(keys.Select(k => db.StringGetAsync(k))).ConfigureAwait(false);
        for (var i = 0; i < keys.Count; i++)
        {
            if (values[i].HasValue)
            {
                found.Add(KeyValuePair.Create(((string)keys[i]!)[keyPrefix.Length..], values[i].ToString()));
            }
        }
    }
}
