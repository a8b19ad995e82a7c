using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Testing;
using StackExchange.Redis;

namespace SmartHomeCam.Coordination.Tests;

/// <summary>
/// What the host registers for Redis (AddSmartHomeCamCoordination): one multiplexer under coordination and the
/// <see cref="IDistributedCache"/>, against a real redis-server, including an outage.
/// </summary>
public sealed class RedisSharedConnectionTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_distributed_cache_is_redis_on_the_shared_connection_and_entries_expire()
    {
        using var redis = await RedisServer.StartAsync();
        await using var services = Services(redis.Configuration);
        var cache = services.GetRequiredService<IDistributedCache>();
        var shared = services.GetRequiredService<IConnectionMultiplexer>();

        await cache.SetStringAsync("listing", "cached", new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(4) });

        Assert.Equal("cached", await cache.GetStringAsync("listing"));
        // Stored in Redis under the deployment's prefix with the expiry asked for, through the shared connection.
        var ttl = await shared.GetDatabase().KeyTimeToLiveAsync("t:cache:listing");
        Assert.InRange(ttl!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(4));
        await Poll.UntilAsync(async () => await cache.GetStringAsync("listing") is null, TimeSpan.FromSeconds(20), "the entry to expire");
        Assert.False(await shared.GetDatabase().KeyExistsAsync("t:cache:listing"));
    }

    [Fact]
    public async Task Without_redis_the_cache_is_in_memory()
    {
        await using var services = Services("");
        var cache = services.GetRequiredService<IDistributedCache>();

        await cache.SetAsync("k", Encoding.UTF8.GetBytes("v"), new DistributedCacheEntryOptions { SlidingExpiration = Long });

        Assert.Null(services.GetService<IConnectionMultiplexer>());
        Assert.Equal("v", await cache.GetStringAsync("k"));
        Assert.IsType<InMemoryCoordination>(services.GetRequiredService<ICoordination>());
    }

    [Fact]
    public async Task After_redis_restarts_subscriptions_cache_and_leases_work_again()
    {
        using var redis = await RestartableRedis.StartAsync();
        await using var services = Services(redis.Configuration);
        var coordination = services.GetRequiredService<ICoordination>();
        var cache = services.GetRequiredService<IDistributedCache>();
        var notices = new NoticeRecorder("after");
        await coordination.SubscribeAsync("news", notices.Handle);
        await coordination.PublishAsync("news", "before");
        await Poll.UntilAsync(() => Task.FromResult(notices.Received.Contains("before")), TimeSpan.FromSeconds(10), "the first notice");
        var lease = await coordination.TryAcquireLeaseAsync("cam-1", "replica-a", Long);
        Assert.NotNull(lease);

        redis.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => coordination.SetAsync("k", "v", Long).WaitAsync(TimeSpan.FromSeconds(20)));
        await redis.StartAgainAsync();

        // The multiplexer reconnects by itself and re-subscribes: a notice published after the restart arrives.
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await coordination.PublishAsync("news", "after");
                await cache.SetStringAsync("k", "v");
                return notices.Received.Contains("after");
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                return false; // still reconnecting
            }
        }, TimeSpan.FromSeconds(30), "the subscription to come back after the restart");
        Assert.Equal("v", await cache.GetStringAsync("k"));

        // The restarted Redis kept nothing (no persistence): the old lease is gone and the holder finds out on renewal;
        // a new acquisition gets a working lease again.
        Assert.False(await coordination.RenewLeaseAsync(lease, Long));
        Assert.NotNull(await coordination.TryAcquireLeaseAsync("cam-1", "replica-b", Long));
    }

    private static ServiceProvider Services(string configuration)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = configuration,
            ["Redis:KeyPrefix"] = "t:",
        }).Build().GetSection("Redis");
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSmartHomeCamCoordination(section);
        return services.BuildServiceProvider();
    }
}
