using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartHomeCam.Streaming;
using SmartHomeCam.Streaming.ScaleOut;
using SmartHomeCam.Testing;

namespace SmartHomeCam.ScaleOut.Tests;

/// <summary>
/// Camera ownership when Redis restarts empty (fake clock, a store with StackExchange.Redis's backlog): the owner
/// that was serving keeps the camera; another replica never takes it from under a live reader.
/// </summary>
public sealed class OwnershipAcrossRedisRestartTests : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private readonly BackloggedCoordination.Server redis;

    public OwnershipAcrossRedisRestartTests() => redis = new BackloggedCoordination.Server(clock);

    public void Dispose() => redis.Dispose();

    [Fact]
    public async Task A_claim_made_while_Redis_is_down_does_not_take_the_lease_when_Redis_comes_back_empty()
    {
        var (a, b) = (NewReplica("http://10.0.0.1:8080"), NewReplica("http://10.0.0.2:8080"));
        var (lease, lost) = await OwnAndKeepAsync(a);
        Assert.Equal(OwnershipOutcome.Elsewhere, (await b.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);
        clock.Advance(OwnerCache.DefaultLifetime); // B's remembered owner expires: its next claim asks the store

        a.Link.Disconnect();
        b.Link.Disconnect();
        redis.Restart();
        var during = b.Ownership.ClaimAsync("dev-1", CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(1100)); // the claim's calls wait in the backlog past the call timeout
        var answer = await during;
        Assert.Equal(OwnershipOutcome.Unreachable, answer.Outcome);
        Assert.Equal(a.Identity.Id, answer.Owner!.ReplicaId); // forwarded to the owner it saw meanwhile

        // B's connection comes back first and runs its backlog on the empty server; then A's.
        await b.Link.ReconnectAsync();
        await a.Link.ReconnectAsync();
        await AdvanceUntilAsync(async () => (await redis.Current.GetAsync(OwnerRecord.Key("dev-1"))) is not null, "A re-established its lease");

        Assert.True(lease.IsHeld);
        Assert.Equal(0, Volatile.Read(ref lost.Count));
        clock.Advance(TimeSpan.FromSeconds(1)); // B's pause after its failed call (CameraOwnership.CallTimeout)
        var after = await b.Ownership.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(OwnershipOutcome.Elsewhere, after.Outcome);
        Assert.Equal(a.Identity.Id, after.Owner!.ReplicaId);
    }

    [Fact]
    public async Task After_Redis_restarts_empty_a_replica_that_saw_the_owner_leaves_it_the_camera_until_it_takes_its_lease_again()
    {
        var (a, b) = (NewReplica("http://10.0.0.1:8080"), NewReplica("http://10.0.0.2:8080"));
        var (lease, lost) = await OwnAndKeepAsync(a);
        Assert.Equal(OwnershipOutcome.Elsewhere, (await b.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);
        clock.Advance(OwnerCache.DefaultLifetime); // B's remembered owner expires: its next claim asks the store

        // Redis restarts; B is back at once, A (still reading the camera) a moment later.
        a.Link.Disconnect();
        redis.Restart();
        var before = await b.Ownership.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(OwnershipOutcome.Elsewhere, before.Outcome); // the lease was free, but fencing numbers went back
        Assert.Equal(a.Identity.Id, before.Owner!.ReplicaId);

        await a.Link.ReconnectAsync();
        await AdvanceUntilAsync(async () => (await redis.Current.GetAsync(OwnerRecord.Key("dev-1"))) is not null, "A re-established its lease");
        Assert.True(lease.IsHeld);
        Assert.Equal(0, Volatile.Read(ref lost.Count));
        Assert.Equal(OwnershipOutcome.Elsewhere, (await b.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task After_Redis_restarts_empty_a_dead_owner_is_taken_over_once_a_forward_to_it_failed()
    {
        var (a, b) = (NewReplica("http://10.0.0.1:8080"), NewReplica("http://10.0.0.2:8080"));
        Assert.Equal(OwnershipOutcome.Owned, (await a.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);
        Assert.Equal(OwnershipOutcome.Elsewhere, (await b.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);

        a.Link.Disconnect(); // dead for good
        redis.Restart();
        clock.Advance(OwnerCache.DefaultLifetime); // B's remembered owner expires: its next claim asks the store
        var first = await b.Ownership.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(OwnershipOutcome.Elsewhere, first.Outcome);

        b.Ownership.ForgetOwner(first.Owner!); // what a failed forward does
        var taken = await b.Ownership.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(OwnershipOutcome.Owned, taken.Outcome);
        Assert.Equal(b.Identity.Id, OwnerRecord.TryParse("dev-1", await redis.Current.GetAsync(OwnerRecord.Key("dev-1")))!.ReplicaId);
    }

    [Fact]
    public async Task A_normal_take_over_after_the_owner_died_is_not_mistaken_for_a_Redis_restart()
    {
        var (a, b) = (NewReplica("http://10.0.0.1:8080"), NewReplica("http://10.0.0.2:8080"));
        Assert.Equal(OwnershipOutcome.Owned, (await a.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);
        Assert.Equal(OwnershipOutcome.Elsewhere, (await b.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);

        a.Link.Disconnect(); // SIGKILL: nobody renews
        clock.Advance(Lifetime + TimeSpan.FromMilliseconds(1));

        Assert.Equal(OwnershipOutcome.Owned, (await b.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task An_owner_whose_renewal_meets_a_passing_claimant_after_Redis_restarted_empty_keeps_its_reader()
    {
        var log = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Information));
        var a = NewReplica("http://10.0.0.1:8080", loggers);
        var (lease, lost) = await OwnAndKeepAsync(a);
        var before = lease.FencingNumber;

        // Redis restarts empty; another replica that saw A as owner claims first: it holds the lease for an instant and
        // hands it back without writing an owner record (CameraOwnership.ClaimAsync). A's renewal meets it meanwhile.
        redis.Restart();
        var passing = await redis.Current.TryAcquireLeaseAsync(CameraOwnership.LeaseKey("dev-1"), "b-passing", Lifetime);
        Assert.NotNull(passing);
        await AdvanceUntilAsync(() => Task.FromResult(log.AllText.Contains("has not taken the camera over", StringComparison.Ordinal)), "A's renewal met the passing claimant");
        Assert.True(lease.IsHeld);
        Assert.Equal(0, Volatile.Read(ref lost.Count));

        Assert.True(await redis.Current.ReleaseLeaseAsync(passing));
        await AdvanceUntilAsync(async () => OwnerRecord.TryParse("dev-1", await redis.Current.GetAsync(OwnerRecord.Key("dev-1")))?.ReplicaId == a.Identity.Id, "A took its lease again");
        Assert.True(lease.IsHeld);
        Assert.Equal(0, Volatile.Read(ref lost.Count)); // the reader never stopped
        Assert.NotEqual(before, lease.FencingNumber); // a new lease (the store forgot the old one), same reader
    }

    [Fact]
    public async Task An_owner_whose_lease_was_taken_over_after_Redis_restarted_empty_stops_at_once()
    {
        var a = NewReplica("http://10.0.0.1:8080");
        var c = NewReplica("http://10.0.0.3:8080"); // never saw A: after the restart it takes the free camera
        var (lease, lost) = await OwnAndKeepAsync(a);

        a.Link.Disconnect();
        redis.Restart();
        Assert.Equal(OwnershipOutcome.Owned, (await c.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);
        await a.Link.ReconnectAsync();

        await AdvanceUntilAsync(() => Task.FromResult(Volatile.Read(ref lost.Count) == 1), "A told to stop");
        Assert.False(lease.IsHeld);
    }

    private sealed record Replica(CameraOwnership Ownership, BackloggedCoordination Link, ReplicaIdentity Identity);

    private sealed class Counter
    {
        public int Count;
    }

    private Replica NewReplica(string address, ILoggerFactory? loggers = null)
    {
        var options = Options.Create(new StreamingOptions { OwnerLeaseDuration = Lifetime, ReplicaAddress = address });
        var link = new BackloggedCoordination(redis);
        var identity = new ReplicaIdentity(options, new ServiceCollection().BuildServiceProvider());
        return new Replica(new CameraOwnership(link, identity, options, clock, loggers ?? NullLoggerFactory.Instance), link, identity);
    }

    private static async Task<(CameraLease Lease, Counter Lost)> OwnAndKeepAsync(Replica owner)
    {
        var claim = await owner.Ownership.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(OwnershipOutcome.Owned, claim.Outcome);
        var lost = new Counter();
        claim.Lease!.Keep(() =>
        {
            Interlocked.Increment(ref lost.Count);
            return Task.CompletedTask;
        });
        return (claim.Lease, lost);
    }

    /// <summary>Moves the fake clock in small steps (well inside the lease's lifetime), letting renewal loops run.</summary>
    private async Task AdvanceUntilAsync(Func<Task<bool>> condition, string what)
    {
        var passed = TimeSpan.Zero;
        await Poll.UntilAsync(async () =>
        {
            if (await condition())
            {
                return true;
            }

            Assert.True(passed < Lifetime / 2, what + ": not within half the lease's lifetime of fake time");
            clock.Advance(TimeSpan.FromMilliseconds(100));
            passed += TimeSpan.FromMilliseconds(100);
            return false;
        }, Within, what);
    }
}
