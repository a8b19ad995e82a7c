using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace SmartHomeCam.Coordination.Tests;

/// <summary>The contract against <see cref="InMemoryCoordination"/> on a fake clock (one process: both views are the same instance).</summary>
public sealed class InMemoryCoordinationContractTests : CoordinationContractTests
{
    private readonly FakeTimeProvider clock = new();
    private InMemoryCoordination memory = null!;

    protected override ICoordination Sender => memory;

    protected override ICoordination Other => memory;

    public override Task InitializeAsync()
    {
        memory = new InMemoryCoordination(clock, Loggers.CreateLogger<InMemoryCoordination>());
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        memory.Dispose();
        return base.DisposeAsync();
    }

    protected override Task ElapseAsync(TimeSpan span)
    {
        clock.Advance(span);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Expiry_follows_the_injected_clock_to_the_tick()
    {
        await memory.SetAsync("k", "v", TimeSpan.FromSeconds(10));
        var lease = await memory.TryAcquireLeaseAsync("cam", "owner-a", TimeSpan.FromSeconds(10));
        Assert.NotNull(lease);

        clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.Equal("v", await memory.GetAsync("k"));
        Assert.True(await memory.RenewLeaseAsync(lease, TimeSpan.FromSeconds(10)));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(await memory.GetAsync("k"));
        Assert.False(await memory.RenewLeaseAsync(lease, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_disposed_instance_takes_no_new_subscriptions()
    {
        memory.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => memory.SubscribeAsync("news", _ => { }));
    }
}
