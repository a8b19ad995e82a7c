using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Coordination.Tests;

/// <summary>
/// The one contract of <see cref="ICoordination"/>, run against each backend by a derived class. <see cref="Sender"/>
/// and <see cref="Other"/> are two replicas' views: with Redis two connections (two "processes"), in memory the one
/// process. <see cref="ElapseAsync"/> lets time pass: a fake clock in memory, real time with Redis.
/// </summary>
public abstract class CoordinationContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    // Generous enough that no check depends on a delay not overshooting on a busy machine.
    private static readonly TimeSpan Medium = TimeSpan.FromSeconds(1);

    protected CoordinationContractTests() => Loggers = LoggerFactory.Create(b => b.AddProvider(Logs));

    protected LogCapture Logs { get; } = new();

    protected ILoggerFactory Loggers { get; }

    protected abstract ICoordination Sender { get; }

    protected abstract ICoordination Other { get; }

    public abstract Task InitializeAsync();

    public virtual Task DisposeAsync()
    {
        Loggers.Dispose();
        return Task.CompletedTask;
    }

    protected abstract Task ElapseAsync(TimeSpan span);

    [Fact]
    public async Task Publish_reaches_every_subscriber_in_every_process_the_sender_included_exactly_once()
    {
        var atSender = new NoticeRecorder("end");
        var alsoAtSender = new NoticeRecorder("end");
        var atOther = new NoticeRecorder("end");
        await Sender.SubscribeAsync("news", atSender.Handle);
        await Sender.SubscribeAsync("news", alsoAtSender.Handle);
        await Other.SubscribeAsync("news", atOther.Handle);

        await Sender.PublishAsync("news", "a");
        await Sender.PublishAsync("news", "b");
        await Sender.PublishAsync("news", "end");

        foreach (var recorder in new[] { atSender, alsoAtSender, atOther })
        {
            await recorder.WaitForLastAsync();
            Assert.Equal(["a", "b", "end"], recorder.Received);
        }
    }

    [Fact]
    public async Task A_handler_that_throws_is_logged_and_delivery_goes_on_to_it_and_to_the_others()
    {
        var failures = 0;
        var atSender = new NoticeRecorder("end");
        var atOther = new NoticeRecorder("end");
        await Sender.SubscribeAsync("news", _ =>
        {
            Interlocked.Increment(ref failures);
            throw new InvalidOperationException("handler bug");
        });
        await Sender.SubscribeAsync("news", atSender.Handle);
        await Other.SubscribeAsync("news", atOther.Handle);

        await Sender.PublishAsync("news", "first");
        await Sender.PublishAsync("news", "end");

        await atSender.WaitForLastAsync();
        await atOther.WaitForLastAsync();
        Assert.Equal(["first", "end"], atSender.Received);
        Assert.Equal(["first", "end"], atOther.Received);
        await Eventually(() => Volatile.Read(ref failures) == 2 && Logs.Lines.Count(l => l.Contains("handler bug", StringComparison.Ordinal)) == 2);
        Assert.All(Logs.Lines.Where(l => l.Contains("handler bug", StringComparison.Ordinal)), l =>
        {
            Assert.StartsWith("Error", l, StringComparison.Ordinal);
            Assert.Contains("news", l, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Handlers_never_run_inside_the_publishers_call()
    {
        // The publisher holds a (non-reentrant) lock the handler needs: a handler run inside PublishAsync would
        // wait for it in vain and time out.
        using var publisherLock = new SemaphoreSlim(1, 1);
        var handlerGotLock = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Sender.SubscribeAsync("news", _ =>
        {
            var got = publisherLock.Wait(TimeSpan.FromSeconds(3));
            handlerGotLock.TrySetResult(got);
            if (got)
            {
                publisherLock.Release();
            }
        });

        await publisherLock.WaitAsync();
        try
        {
            await Sender.PublishAsync("news", "while locked");
        }
        finally
        {
            publisherLock.Release();
        }

        Assert.True(await handlerGotLock.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Facts_are_shared_between_processes_and_expire()
    {
        await Sender.SetAsync("revoked:u1", "100", Long);
        await Sender.SetAsync("revoked:u2", "200", Medium);
        await Sender.SetAsync("other:x", "1", Long);

        Assert.Equal(["revoked:u1=100", "revoked:u2=200"], await ScanSortedAsync(Other, "revoked:"));
        Assert.Equal("200", await Other.GetAsync("revoked:u2"));

        await ElapseAsync(Medium);

        Assert.Equal(["revoked:u1=100"], await ScanSortedAsync(Other, "revoked:"));
        Assert.Null(await Other.GetAsync("revoked:u2"));
        Assert.Equal("1", await Other.GetAsync("other:x"));
    }

    [Fact]
    public async Task Scan_matches_its_prefix_literally()
    {
        await Sender.SetAsync("a*b:1", "star", Long);
        await Sender.SetAsync("axb:1", "x", Long);
        await Sender.SetAsync("a[b]:1", "brackets", Long);

        Assert.Equal(["a*b:1=star"], await ScanSortedAsync(Other, "a*b:"));
        Assert.Equal(["a[b]:1=brackets"], await ScanSortedAsync(Other, "a[b]"));
    }

    [Fact]
    public async Task Set_if_absent_succeeds_for_exactly_one_of_twenty_concurrent_callers()
    {
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            var process = i % 2 == 0 ? Sender : Other;
            return (Caller: "caller-" + i, Created: await process.SetIfAbsentAsync("dedupe:event-1", "caller-" + i, Long));
        }));

        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Created);
        Assert.Equal(winner.Caller, await Sender.GetAsync("dedupe:event-1"));
        Assert.Equal(winner.Caller, await Other.GetAsync("dedupe:event-1"));
    }

    [Fact]
    public async Task Set_if_absent_keeps_the_first_value_until_it_expires()
    {
        Assert.True(await Sender.SetIfAbsentAsync("dedupe:event-2", "first", Medium));
        Assert.False(await Other.SetIfAbsentAsync("dedupe:event-2", "second", Long));
        Assert.Equal("first", await Other.GetAsync("dedupe:event-2"));

        await ElapseAsync(Medium);

        Assert.True(await Other.SetIfAbsentAsync("dedupe:event-2", "third", Long));
        Assert.Equal("third", await Sender.GetAsync("dedupe:event-2"));
    }

    [Fact]
    public async Task Lease_keys_are_refused_as_facts_and_never_scanned()
    {
        Assert.NotNull(await Sender.TryAcquireLeaseAsync("cam-1", "owner-a", Long));
        await Sender.SetAsync("cam-1", "a fact", Long);

        await Assert.ThrowsAsync<ArgumentException>(() => Sender.SetAsync("lease:cam-1", "x", Long));
        await Assert.ThrowsAsync<ArgumentException>(() => Sender.SetIfAbsentAsync("lease:cam-2", "x", Long));
        await Assert.ThrowsAsync<ArgumentException>(() => Sender.GetAsync("lease:{cam-1}"));
        Assert.Equal(["cam-1=a fact"], await ScanSortedAsync(Other, ""));
        Assert.Empty(await Other.ScanAsync("lease:"));
    }

    [Fact]
    public async Task Lifetimes_under_a_millisecond_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Sender.SetAsync("k", "v", TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Sender.SetIfAbsentAsync("k", "v", TimeSpan.FromTicks(100)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Sender.TryAcquireLeaseAsync("cam", "owner-a", TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task A_held_lease_excludes_other_owners_and_comes_back_unchanged_to_its_owner()
    {
        var lease = await Sender.TryAcquireLeaseAsync("cam-1", "owner-a", Long);

        Assert.NotNull(lease);
        Assert.Equal(("cam-1", "owner-a"), (lease.Key, lease.OwnerId));
        Assert.True(lease.FencingNumber > 0);
        Assert.Null(await Other.TryAcquireLeaseAsync("cam-1", "owner-b", Long));
        Assert.Equal(lease, await Sender.TryAcquireLeaseAsync("cam-1", "owner-a", Long));
        Assert.NotNull(await Other.TryAcquireLeaseAsync("cam-2", "owner-b", Long));
    }

    [Fact]
    public async Task Exactly_one_of_twenty_concurrent_owners_gets_the_lease()
    {
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Sender : Other).TryAcquireLeaseAsync("cam-1", "owner-" + i, Long)));

        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r is not null)!;
        Assert.Null(await Sender.TryAcquireLeaseAsync("cam-1", "late-owner", Long));
        Assert.True(await Other.RenewLeaseAsync(winner, Long));
    }

    [Fact]
    public async Task An_expired_lease_goes_to_the_next_owner_with_a_higher_fencing_number_and_the_old_holder_is_out()
    {
        var old = await Sender.TryAcquireLeaseAsync("cam-1", "owner-a", Short);
        Assert.NotNull(old);

        await ElapseAsync(Short);
        var taken = await Other.TryAcquireLeaseAsync("cam-1", "owner-b", Long);

        Assert.NotNull(taken);
        Assert.True(taken.FencingNumber > old.FencingNumber);
        Assert.False(await Sender.RenewLeaseAsync(old, Long));
        Assert.False(await Sender.ReleaseLeaseAsync(old));
        Assert.Null(await Sender.TryAcquireLeaseAsync("cam-1", "owner-a", Long));
        Assert.True(await Other.RenewLeaseAsync(taken, Long));
    }

    [Fact]
    public async Task Renewal_extends_a_lease_and_fails_once_it_has_expired()
    {
        var lease = await Sender.TryAcquireLeaseAsync("cam-1", "owner-a", Medium);
        Assert.NotNull(lease);
        Assert.True(await Sender.RenewLeaseAsync(lease, Long));

        await ElapseAsync(Medium);
        Assert.Null(await Other.TryAcquireLeaseAsync("cam-1", "owner-b", Long)); // still held thanks to the renewal

        Assert.True(await Sender.RenewLeaseAsync(lease, Short));
        await ElapseAsync(Short);
        Assert.False(await Sender.RenewLeaseAsync(lease, Long)); // expired, though nobody took it

        var next = await Sender.TryAcquireLeaseAsync("cam-1", "owner-a", Long);
        Assert.NotNull(next);
        Assert.True(next.FencingNumber > lease.FencingNumber);
    }

    [Fact]
    public async Task Only_the_holder_can_release_and_a_released_lease_cannot_be_renewed()
    {
        var lease = await Sender.TryAcquireLeaseAsync("cam-1", "owner-a", Long);
        Assert.NotNull(lease);

        Assert.False(await Other.ReleaseLeaseAsync(lease with { OwnerId = "owner-b" }));
        Assert.False(await Other.ReleaseLeaseAsync(lease with { FencingNumber = lease.FencingNumber + 1 }));
        Assert.False(await Other.ReleaseLeaseAsync(lease with { FencingNumber = lease.FencingNumber - 1 }));
        Assert.True(await Sender.RenewLeaseAsync(lease, Long));
        Assert.Null(await Other.TryAcquireLeaseAsync("cam-1", "owner-b", Long));

        Assert.True(await Sender.ReleaseLeaseAsync(lease));
        Assert.False(await Sender.ReleaseLeaseAsync(lease));
        Assert.False(await Sender.RenewLeaseAsync(lease, Long));
        var next = await Other.TryAcquireLeaseAsync("cam-1", "owner-b", Long);
        Assert.NotNull(next);
        Assert.True(next.FencingNumber > lease.FencingNumber);
    }

    [Fact]
    public async Task Fencing_numbers_grow_with_every_acquisition_whoever_the_owner()
    {
        var fences = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var process = i % 2 == 0 ? Sender : Other;
            var lease = await process.TryAcquireLeaseAsync("cam-1", i % 3 == 0 ? "owner-a" : "owner-b", Long);
            Assert.NotNull(lease);
            fences.Add(lease.FencingNumber);
            Assert.True(await process.ReleaseLeaseAsync(lease));
        }

        Assert.Equal(fences.Order(), fences);
        Assert.Equal(fences.Count, fences.Distinct().Count());

        // Each key counts on its own.
        var other = await Other.TryAcquireLeaseAsync("cam-2", "owner-a", Long);
        Assert.NotNull(other);
        Assert.True(other.FencingNumber < fences[^1]);
    }

    private static async Task<string[]> ScanSortedAsync(ICoordination coordination, string prefix) =>
        (await coordination.ScanAsync(prefix)).Select(f => f.Key + "=" + f.Value).Order(StringComparer.Ordinal).ToArray();

    private static Task Eventually(Func<bool> condition) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(10));
}
