using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SmartHomeCam.Testing;
using StackExchange.Redis;

namespace SmartHomeCam.Coordination.Tests;

/// <summary>What only the Redis adapter has: key prefixes, a shared connection, an unreachable server.</summary>
public sealed class RedisCoordinationTests : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private RedisServer redis = null!;

    public async Task InitializeAsync() => redis = await RedisServer.StartAsync();

    public Task DisposeAsync()
    {
        redis.Dispose();
        return Task.CompletedTask;
    }

    private RedisCoordination Connect(string prefix) => new(redis.Configuration, prefix, NullLogger<RedisCoordination>.Instance);

    [Fact]
    public async Task Prefixes_keep_deployments_apart()
    {
        using var ours = Connect("ours:");
        using var theirs = Connect("theirs:");
        var ourNotices = new NoticeRecorder("end");
        var theirNotices = new NoticeRecorder("end");
        await ours.SubscribeAsync("news", ourNotices.Handle);
        await theirs.SubscribeAsync("news", theirNotices.Handle);

        await ours.SetAsync("revoked:u1", "1", Long);
        Assert.NotNull(await ours.TryAcquireLeaseAsync("cam-1", "owner-a", Long));
        await ours.PublishAsync("news", "ours only");
        await theirs.PublishAsync("news", "end");
        await ours.PublishAsync("news", "end");

        Assert.Empty(await theirs.ScanAsync("revoked:"));
        Assert.NotNull(await theirs.TryAcquireLeaseAsync("cam-1", "owner-b", Long));
        await ourNotices.WaitForLastAsync();
        await theirNotices.WaitForLastAsync();
        Assert.Equal(["ours only", "end"], ourNotices.Received);
        Assert.Equal(["end"], theirNotices.Received);
    }

    [Fact]
    public async Task Instances_on_one_shared_connection_see_each_other_and_leave_it_open()
    {
        using var shared = RedisConnection.Connect(redis.Configuration);
        var notices = new NoticeRecorder("hello");
        using (var first = new RedisCoordination(shared, "t:", NullLogger<RedisCoordination>.Instance))
        {
            await first.SubscribeAsync("news", notices.Handle);
            await first.SetAsync("k", "v", Long);
        }

        using var second = new RedisCoordination(shared, "t:", NullLogger<RedisCoordination>.Instance);
        var stillSubscribed = new NoticeRecorder("hello");
        await second.SubscribeAsync("news", stillSubscribed.Handle);
        Assert.True(shared.IsConnected);
        Assert.Equal("v", await second.GetAsync("k"));
        await second.PublishAsync("news", "hello");
        await stillSubscribed.WaitForLastAsync();
        await Task.Delay(100);
        Assert.Empty(notices.Received); // the disposed instance unsubscribed
    }

    [Fact]
    public async Task The_lease_is_one_key_holding_fencing_number_and_owner_with_the_ttl_asked_for()
    {
        using var coordination = Connect("t:");
        using var inspect = RedisConnection.Connect(redis.Configuration);
        var db = inspect.GetDatabase();

        var lease = await coordination.TryAcquireLeaseAsync("cam-1", "replica 7/session", TimeSpan.FromSeconds(20));

        Assert.NotNull(lease);
        Assert.Equal($"{lease.FencingNumber} replica 7/session", (string?)await db.StringGetAsync("t:lease:{cam-1}"));
        Assert.Equal(lease.FencingNumber, (long)await db.StringGetAsync("t:lease:{cam-1}:fence"));
        var ttl = await db.KeyTimeToLiveAsync("t:lease:{cam-1}");
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
        Assert.Null(await db.KeyTimeToLiveAsync("t:lease:{cam-1}:fence")); // the counter never expires
        Assert.True(await coordination.RenewLeaseAsync(lease, TimeSpan.FromSeconds(20))); // an owner id with spaces round-trips
    }

    [Fact]
    public async Task Scanning_without_a_reachable_server_fails_rather_than_answering_empty()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var nowhere = new RedisCoordination($"127.0.0.1:{closedPort},connectTimeout=300", "t:", NullLogger<RedisCoordination>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => nowhere.ScanAsync("revoked:"));
    }
}
