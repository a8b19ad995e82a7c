using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SmartHomeCam.Coordination;

public static class CoordinationServiceCollectionExtensions
{
    /// <summary>
    /// <c>Redis:Configuration</c> set (e.g. "127.0.0.1:6379") → Redis through one shared
    /// <see cref="IConnectionMultiplexer"/> (registered here for anything else that needs Redis: the
    /// <see cref="Microsoft.Extensions.Caching.Distributed.IDistributedCache"/>, Data Protection); otherwise in-memory.
    /// </summary>
    public static IServiceCollection AddSmartHomeCamCoordination(this IServiceCollection services, IConfiguration redisSection)
    {
        ArgumentNullException.ThrowIfNull(redisSection);
        var configuration = redisSection["Configuration"];
        var prefix = redisSection["KeyPrefix"] is { Length: > 0 } p ? p : "shc:";
        if (string.IsNullOrWhiteSpace(configuration))
        {
            services.AddSingleton<ICoordination>(sp => new InMemoryCoordination(
                sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<InMemoryCoordination>>()));
            services.AddDistributedMemoryCache();
        }
        else
        {
            services.TryAddSingleton<IConnectionMultiplexer>(_ => RedisConnection.Connect(configuration));
            services.AddSingleton<ICoordination>(sp => new RedisCoordination(
                sp.GetRequiredService<IConnectionMultiplexer>(), prefix, sp.GetRequiredService<ILogger<RedisCoordination>>()));
            services.AddStackExchangeRedisCache(cache => cache.InstanceName = prefix + "cache:");
            services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer>(
                (cache, redis) => cache.ConnectionMultiplexerFactory = () => Task.FromResult(redis));
        }

        return services;
    }
}
