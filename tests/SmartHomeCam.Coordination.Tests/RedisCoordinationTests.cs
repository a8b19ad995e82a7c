using Microsoft.Extensions.Logging.Abstractions;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Coordination.Tests;

/// <summary>The Redis adapter against a real redis-server.</summary>
public sealed class RedisCoordinationTests : IAsyncLifetime
{
    private RedisServer redis = null!;

    public async Task InitializeAsync() => redis = await RedisServer.StartAsync();

    public Task DisposeAsync()
    {
        redis.Dispose();
        return Task.CompletedTask;
    }

    private RedisCoordination Connect(string prefix = "t:") => new(redis.Configuration, prefix, NullLogger<RedisCoordination>.Instance);

    [Fact]
    public async Task Facts_are_shared_between_connections_and_expire()
    {
        using var a = Connect();
        using var b = Connect();
        await a.SetAsync("revoked:u1", "100", TimeSpan.FromSeconds(30));
        await a.SetAsync("revoked:u2", "200", TimeSpan.FromSeconds(2));
        await a.SetAsync("other:x", "1", TimeSpan.FromSeconds(30));
        Assert.Equal(2, (await b.ScanAsync("revoked:")).Count);
        await Task.Delay(2500);
        Assert.Equal([KeyValuePair.Create("revoked:u1", "100")], await b.ScanAsync("revoked:"));
    }

    [Fact]
    public async Task Notices_reach_every_subscriber_and_prefixes_keep_deployments_apart()
    {
        using var a = Connect();
        using var b = Connect();
        using var stranger = Connect("other-deployment:");
        var received = new TaskCompletionSource<string>();
        var strangerGot = false;
        await b.SubscribeAsync("news", m => received.TrySetResult(m));
        await stranger.SubscribeAsync("news", _ => strangerGot = true);
        await a.PublishAsync("news", "hello");
        Assert.Equal("hello", await received.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await Task.Delay(200);
        Assert.False(strangerGot);
    }

    [Fact]
    public async Task In_memory_coordination_behaves_the_same_within_one_process()
    {
        var memory = new InMemoryCoordination(TimeProvider.System);
        string? got = null;
        await memory.SubscribeAsync("news", m => got = m);
        await memory.PublishAsync("news", "hi");
        await memory.SetAsync("k:1", "v", TimeSpan.FromSeconds(5));
        Assert.Equal("hi", got);
        Assert.Single(await memory.ScanAsync("k:"));
        Assert.False(memory.IsShared);
    }
}
