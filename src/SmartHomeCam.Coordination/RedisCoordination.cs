using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SmartHomeCam.Coordination;

/// <summary>
/// Redis-backed coordination (StackExchange.Redis): facts are
/// keys with a TTL under a prefix, notices are pub/sub messages on prefixed channels.
/// </summary>
public sealed class RedisCoordination : ICoordination, IDisposable
{
    private readonly ConnectionMultiplexer redis;
    private readonly string keyPrefix;
    private readonly ILogger logger;

    public RedisCoordination(string configuration, string prefix, ILogger<RedisCoordination> logger)
    {
        keyPrefix = prefix;
        this.logger = logger;
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false; // keep retrying in the background if Redis starts after us
        // 1.x waits synchronously inside some calls; on a busy 2-core host the 1 s default is too tight.
        options.SyncTimeout = Math.Max(options.SyncTimeout, 5000);
        redis = ConnectionMultiplexer.Connect(options);
    }

    public bool IsShared => true;

    public Task SetAsync(string key, string value, TimeSpan lifetime) =>
        redis.GetDatabase().StringSetAsync(keyPrefix + key, value, lifetime);

    public Task<IReadOnlyList<KeyValuePair<string, string>>> ScanAsync(string prefix)
    {
        var found = new List<KeyValuePair<string, string>>();
        var db = redis.GetDatabase();
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (!server.IsConnected || server.IsReplica)
            {
                continue;
            }

            foreach (var key in server.Keys(pattern: keyPrefix + prefix + "*", pageSize: 500))
            {
                var value = db.StringGet(key);
                if (value.HasValue)
                {
                    found.Add(KeyValuePair.Create(((string)key!)[keyPrefix.Length..], (string)value!));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<KeyValuePair<string, string>>>(found);
    }

    public Task PublishAsync(string channel, string message) =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(keyPrefix + channel), message);

    public Task SubscribeAsync(string channel, Action<string> handler) =>
        redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(keyPrefix + channel), (_, message) =>
        {
            try
            {
                handler(message!);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Handling a coordination notice on {Channel} failed.", channel);
            }
        });

    public void Dispose() => redis.Dispose();
}
