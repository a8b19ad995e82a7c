using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// The Data Protection key ring (cookies, antiforgery tokens, camera credentials, the stream signing key at rest).
/// With Redis configured the ring lives in Redis, on the shared connection, so every replica reads and writes one
/// ring and a cookie minted by one replica is accepted by another; otherwise it is a directory of key files.
/// </summary>
public static class DataProtectionSetup
{
    public static IServiceCollection AddSmartHomeCamDataProtection(this IServiceCollection services, IConfiguration redisSection, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(redisSection);
        var builder = services.AddDataProtection().SetApplicationName("SmartHomeCam");
        if (string.IsNullOrWhiteSpace(redisSection["Configuration"]))
        {
            builder.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
            return services;
        }

        var key = new RedisKey((redisSection["KeyPrefix"] is { Length: > 0 } p ? p : "shc:") + "dataprotection:keys");
        // PersistKeysToStackExchangeRedis wants the connection now; this takes the one the container shares, when first used.
        services.AddOptions<KeyManagementOptions>()
            .Configure<IConnectionMultiplexer>((options, redis) => options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), key));
        return services;
    }
}
