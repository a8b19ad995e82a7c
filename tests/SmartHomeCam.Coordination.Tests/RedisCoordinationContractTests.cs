using Microsoft.Extensions.Logging;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Coordination.Tests;

/// <summary>
/// The contract against a real redis-server, with two <see cref="RedisCoordination"/> instances (two connections,
/// as two replicas would have) and real short TTLs.
/// </summary>
public sealed class RedisCoordinationContractTests : CoordinationContractTests
{
    private RedisServer redis = null!;
    private RedisCoordination sender = null!;
    private RedisCoordination other = null!;

    protected override ICoordination Sender => sender;

    protected override ICoordination Other => other;

    public override async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        sender = new RedisCoordination(redis.Configuration, "t:", Loggers.CreateLogger<RedisCoordination>());
        other = new RedisCoordination(redis.Configuration, "t:", Loggers.CreateLogger<RedisCoordination>());
    }

    public override Task DisposeAsync()
    {
        sender.Dispose();
        other.Dispose();
        redis.Dispose();
        return base.DisposeAsync();
    }

    // Redis expires a key once its server clock passes the TTL; the margin covers timer granularity only.
    protected override Task ElapseAsync(TimeSpan span) => Task.Delay(span + TimeSpan.FromMilliseconds(30));
}
