using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmartHomeCam.Coordination;

public static class CoordinationServiceCollectionExtensions
{
    /// <summary><c>Redis:Configuration</c> set (e.g. "127.0.0.1:6379") → Redis; otherwise in-memory.</summary>
    public static IServiceCollection AddSmartHomeCamCoordination(this IServiceCollection services, IConfiguration redisSection)
    {
        var configuration = redisSection["Configuration"];
        var prefix = redisSection["KeyPrefix"] is { Length: > 0 } p ? p : "shc:";
        if (string.IsNullOrWhiteSpace(configuration))
        {
            services.AddSingleton<ICoordination, InMemoryCoordination>();
        }
        else
        {
            services.AddSingleton<ICoordination>(sp => new RedisCoordination(configuration, prefix, sp.GetRequiredService<ILogger<RedisCoordination>>()));
        }

        return services;
    }
}
