using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartHomeCam.Coordination;
using SmartHomeCam.Streaming;
using SmartHomeCam.Streaming.ScaleOut;

namespace SmartHomeCam.ScaleOut.Tests;

/// <summary>
/// The owner remembered per camera on a non-owner (fake clock): steady requests cost no coordination call; the
/// entry expires after about a second, and goes at once when a hop to that owner fails or it answers under another
/// fencing number.
/// </summary>
public sealed class OwnerCacheTests : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(6);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCoordination store;

    public OwnerCacheTests() => store = new InMemoryCoordination(clock);

    public void Dispose() => store.Dispose();

    private static OwnerRecord Owner(string device, long fence, string replica = "a-1") =>
        new(device, fence, replica, new Uri("http://10.0.0.1:8080/"));

    [Fact]
    public void An_owner_is_remembered_for_its_lifetime_then_forgotten()
    {
        var cache = new OwnerCache(clock, TimeSpan.FromSeconds(1));
        var owner = Owner("dev-1", 7);
        cache.Remember(owner);

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(owner, cache.Find("dev-1"));
        Assert.Null(cache.Find("dev-2"));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(cache.Find("dev-1"));
        Assert.Equal(0, cache.Count); // an expired entry found is dropped
    }

    [Fact]
    public void Forgetting_drops_only_the_owner_named_not_a_newer_one()
    {
        var cache = new OwnerCache(clock, TimeSpan.FromSeconds(1));
        var old = Owner("dev-1", 7);
        var newer = Owner("dev-1", 8, "c-3");
        cache.Remember(old);
        cache.Remember(newer); // another request read the new owner meanwhile

        cache.Forget(old); // a late failed hop to the old owner
        Assert.Equal(newer, cache.Find("dev-1"));

        cache.Forget(newer);
        Assert.Null(cache.Find("dev-1"));
    }

    [Fact]
    public void When_full_expired_entries_make_room_and_otherwise_new_owners_are_not_remembered()
    {
        var cache = new OwnerCache(clock, TimeSpan.FromSeconds(1), capacity: 3);
        for (var i = 0; i < 3; i++)
        {
            cache.Remember(Owner("dev-" + i, 1));
        }

        cache.Remember(Owner("dev-3", 1));
        Assert.Null(cache.Find("dev-3"));
        cache.Remember(Owner("dev-0", 2)); // a camera already remembered is refreshed even when full
        Assert.Equal(2, cache.Find("dev-0")!.FencingNumber);
        Assert.Equal(3, cache.Count);

        clock.Advance(TimeSpan.FromSeconds(1));
        cache.Remember(Owner("dev-3", 1));
        Assert.NotNull(cache.Find("dev-3"));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task A_non_owner_asks_coordination_once_per_second_not_once_per_request()
    {
        var (a, _) = NewReplica("http://10.0.0.1:8080");
        var (b, bLink) = NewReplica("http://10.0.0.2:8080");
        Assert.Equal(OwnershipOutcome.Owned, (await a.ClaimAsync("dev-1", CancellationToken.None)).Outcome);

        var first = await b.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(OwnershipOutcome.Elsewhere, first.Outcome);
        var afterFirst = bLink.Calls;
        Assert.True(afterFirst >= 1);

        // A player's requests for the next second: playlists and segments, each routed through a claim.
        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(90));
            var again = await b.ClaimAsync("dev-1", CancellationToken.None);
            Assert.Equal(OwnershipOutcome.Elsewhere, again.Outcome);
            Assert.Equal(first.Owner, again.Owner);
        }

        Assert.Equal(afterFirst, bLink.Calls);

        clock.Advance(TimeSpan.FromMilliseconds(100)); // 1 s after the read: expired
        Assert.Equal(OwnershipOutcome.Elsewhere, (await b.ClaimAsync("dev-1", CancellationToken.None)).Outcome);
        Assert.True(bLink.Calls > afterFirst, "an expired entry is read again from coordination");
    }

    [Fact]
    public async Task A_failed_hop_forgets_the_owner_at_once_so_the_next_claim_can_take_the_camera()
    {
        var (a, _) = NewReplica("http://10.0.0.1:8080");
        var (b, bLink) = NewReplica("http://10.0.0.2:8080");
        var lease = (await a.ClaimAsync("dev-1", CancellationToken.None)).Lease!;
        var seen = (await b.ClaimAsync("dev-1", CancellationToken.None)).Owner!;

        await lease.DisposeAsync(); // the owner went away (here: handed its lease back)
        Assert.Equal(OwnershipOutcome.Elsewhere, (await b.ClaimAsync("dev-1", CancellationToken.None)).Outcome); // still remembered

        var calls = bLink.Calls;
        b.ForgetOwner(seen); // what a hop that could not reach it does
        var taken = await b.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(OwnershipOutcome.Owned, taken.Outcome);
        Assert.True(bLink.Calls > calls);
        Assert.True(taken.Lease!.FencingNumber > seen.FencingNumber);
    }

    [Fact]
    public async Task An_answer_under_another_fencing_number_forgets_the_owner_and_the_same_number_keeps_it()
    {
        var (a, _) = NewReplica("http://10.0.0.1:8080");
        var (b, bLink) = NewReplica("http://10.0.0.2:8080");
        await a.ClaimAsync("dev-1", CancellationToken.None);
        var seen = (await b.ClaimAsync("dev-1", CancellationToken.None)).Owner!;

        var calls = bLink.Calls;
        b.OwnerAnsweredUnder(seen, seen.FencingNumber);
        await b.ClaimAsync("dev-1", CancellationToken.None);
        Assert.Equal(calls, bLink.Calls);

        b.OwnerAnsweredUnder(seen, seen.FencingNumber + 1); // it took its lease again (e.g. after a Redis restart)
        await b.ClaimAsync("dev-1", CancellationToken.None);
        Assert.True(bLink.Calls > calls);

        calls = bLink.Calls;
        b.OwnerAnsweredUnder(seen, null); // answered without a fence (e.g. 403 before routing)
        await b.ClaimAsync("dev-1", CancellationToken.None);
        Assert.True(bLink.Calls > calls);
    }

    private (CameraOwnership Ownership, CountingCoordination Link) NewReplica(string address)
    {
        var options = Options.Create(new StreamingOptions { OwnerLeaseDuration = Lifetime, ReplicaAddress = address });
        var link = new CountingCoordination(store);
        var identity = new ReplicaIdentity(options, new ServiceCollection().BuildServiceProvider());
        return (new CameraOwnership(link, identity, options, clock, NullLoggerFactory.Instance), link);
    }
}
