using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartHomeCam.Streaming.ScaleOut;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Streaming.Tests;

/// <summary>Camera ownership across replicas on a shared store with a fake clock: claims, renewal, loss, outages.</summary>
public sealed class CameraOwnershipTests : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private readonly PartitionedCoordination.SharedStore store;

    public CameraOwnershipTests() => store = new PartitionedCoordination.SharedStore(clock);

    public void Dispose() => store.Dispose();

    private sealed record Replica(CameraOwnership Ownership, PartitionedCoordination Link, ReplicaIdentity Identity);

    private Replica NewReplica(string address)
    {
        var options = Options.Create(new StreamingOptions { OwnerLeaseDuration = Lifetime, ReplicaAddress = address });
        var link = new PartitionedCoordination(store);
        var identity = new ReplicaIdentity(options, new ServiceCollection().BuildServiceProvider());
        return new Replica(new CameraOwnership(link, identity, options, clock, NullLoggerFactory.Instance), link, identity);
    }

    /// <summary>Moves the fake clock in small steps, letting the renewal loops run between steps.</summary>
    private async Task AdvanceAsync(TimeSpan total)
    {
        var step = TimeSpan.FromMilliseconds(250);
        for (var passed = TimeSpan.Zero; passed < total; passed += step)
        {
            clock.Advance(step);
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task One_replica_owns_a_camera_and_the_others_are_told_where()
    {
        var a = NewReplica("http://10.0.0.1:8080");
        var b = NewReplica("http://10.0.0.2:8080");

        var first = await a.Ownership.ClaimAsync("dev-1", CancellationToken.None);
        var second = await b.Ownership.ClaimAsync("dev-1", CancellationToken.None);

        Assert.Equal(OwnershipOutcome.Owned, first.Outcome);
        Assert.NotNull(first.Lease);
        Assert.Equal(OwnershipOutcome.Elsewhere, second.Outcome);
        Assert.Equal(new Uri("http://10.0.0.1:8080/"), second.Owner!.Address);
        Assert.Equal(a.Identity.Id, second.Owner.ReplicaId);
        Assert.Equal(first.Lease!.FencingNumber, second.Owner.FencingNumber);
        Assert.Equal(OwnershipOutcome.Owned, (await b.Ownership.ClaimAsync("dev-2", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_kept_lease_outlives_its_lifetime_and_a_released_one_is_claimable_at_once()
    {
        var a = NewReplica("http://10.0.0.1:8080");
        var b = NewReplica("http://10.0.0.2:8080");
        var lease = (await a.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Lease!;
        var lost = 0;
        lease.Keep(() => { Interlocked.Increment(ref lost); return Task.CompletedTask; });

        await AdvanceAsync(Lifetime * 3);

        Assert.True(lease.IsHeld);
        Assert.Equal(0, lost);
        var elsewhere = await b.Ownership.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(OwnershipOutcome.Elsewhere, elsewhere.Outcome);

        await lease.DisposeAsync(); // graceful hand-over
        b.Ownership.ForgetOwner(elsewhere.Owner!); // B's hop to the stopped owner fails (B remembered it for a second)
        var taken = await b.Ownership.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(OwnershipOutcome.Owned, taken.Outcome);
        Assert.True(taken.Lease!.FencingNumber > lease.FencingNumber);
    }

    [Fact]
    public async Task A_partitioned_owner_keeps_serving_within_the_lifetime_then_stops_before_anyone_can_take_over()
    {
        var a = NewReplica("http://10.0.0.1:8080");
        var b = NewReplica("http://10.0.0.2:8080");
        var lease = (await a.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Lease!;
        var lostAt = DateTimeOffset.MaxValue;
        var cutAt = clock.GetUtcNow();
        lease.Keep(() => { lostAt = clock.GetUtcNow(); return Task.CompletedTask; });
        a.Link.CutOff = true;

        await AdvanceAsync(Lifetime / 2);
        Assert.True(lease.IsHeld, "a short outage must not stop the reader");
        Assert.True(await lease.ConfirmAsync(CancellationToken.None), "still inside the lifetime: may touch the camera");

        await Poll.UntilAsync(() => { clock.Advance(TimeSpan.FromMilliseconds(100)); return !lease.IsHeld; }, Within, "owner gives up");
        await Poll.UntilAsync(() => lostAt != DateTimeOffset.MaxValue, Within, "reader told to stop");
        Assert.True(lostAt - cutAt <= Lifetime + TimeSpan.FromSeconds(1), $"stopped {lostAt - cutAt} after the cut");
        Assert.False(await lease.ConfirmAsync(CancellationToken.None));

        // Only now may another replica have it (the lease lapsed in the store meanwhile).
        clock.Advance(Lifetime);
        Assert.Equal(OwnershipOutcome.Owned, (await b.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task An_owner_that_finds_its_lease_taken_stops_at_once()
    {
        var a = NewReplica("http://10.0.0.1:8080");
        var b = NewReplica("http://10.0.0.2:8080");
        var lease = (await a.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Lease!;
        var lost = 0;
        lease.Keep(() => { Interlocked.Increment(ref lost); return Task.CompletedTask; });

        // A paused process: its lease lapses and B takes the camera before A's next renewal.
        a.Link.CutOff = true;
        await AdvanceAsync(Lifetime + TimeSpan.FromSeconds(1));
        var taken = await b.Ownership.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(OwnershipOutcome.Owned, taken.Outcome);
        a.Link.CutOff = false;

        await Poll.UntilAsync(() => Volatile.Read(ref lost) == 1, Within, "A told to stop");
        Assert.False(await lease.ConfirmAsync(CancellationToken.None));
        Assert.Equal(OwnershipOutcome.Elsewhere, (await a.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task After_Redis_restarts_empty_the_owner_takes_its_lease_again_and_others_still_see_it()
    {
        var a = NewReplica("http://10.0.0.1:8080");
        var b = NewReplica("http://10.0.0.2:8080");
        var lease = (await a.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Lease!;
        var lost = 0;
        lease.Keep(() => { Interlocked.Increment(ref lost); return Task.CompletedTask; });

        a.Link.CutOff = true;
        b.Link.CutOff = true;
        store.Restart();
        await AdvanceAsync(TimeSpan.FromSeconds(1));

        // While Redis is down, B can neither claim nor be fooled into opening the camera: it still knows A.
        var during = await b.Ownership.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(OwnershipOutcome.Unreachable, during.Outcome);
        Assert.Null(during.Owner); // B never saw A's record in this test, so it has nobody to forward to

        a.Link.CutOff = false;
        b.Link.CutOff = false;
        // A's own renewal loop takes the lease and writes its record again; only then does B ask (B asking first, on
        // an empty store, would simply win — a different case).
        await Poll.UntilAsync(async () =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(5);
            return await a.Link.GetAsync(OwnerRecord.Key("dev-1")) is not null;
        }, Within, "A re-established its lease");
        clock.Advance(TimeSpan.FromSeconds(1)); // past B's back-off after the unreachable claim
        Assert.Equal(OwnershipOutcome.Elsewhere, (await b.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);
        Assert.True(lease.IsHeld);
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task A_replica_that_saw_the_owner_forwards_to_it_while_Redis_is_down()
    {
        var a = NewReplica("http://10.0.0.1:8080");
        var b = NewReplica("http://10.0.0.2:8080");
        await a.Ownership.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(OwnershipOutcome.Elsewhere, (await b.Ownership.ClaimAsync("dev-1", CancellationToken.None)).Outcome);
        clock.Advance(OwnerCache.DefaultLifetime); // past the second B remembers the owner: the next claim asks the store

        b.Link.CutOff = true;
        var during = await b.Ownership.ClaimAsync("dev-1", CancellationToken.None);

        Assert.Equal(OwnershipOutcome.Unreachable, during.Outcome);
        Assert.Equal(a.Identity.Id, during.Owner!.ReplicaId);
    }
}
