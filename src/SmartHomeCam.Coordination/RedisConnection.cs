using StackExchange.Redis;

namespace SmartHomeCam.Coordination;

/// <summary>How this service opens its one Redis connection (a multiplexer is meant to be shared by everything).</summary>
public static class RedisConnection
{
    public static ConnectionMultiplexer Connect(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false; // keep retrying in the background if Redis starts after us
        options.ReconnectRetryPolicy = new LinearRetry(500); // back within ~1 s of a Redis restart (owners must renew their leases in time)
        return ConnectionMultiplexer.Connect(options);
    }
}
