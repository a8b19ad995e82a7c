using Microsoft.Extensions.Time.Testing;
using SmartHomeCam.Testing;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>
/// Issue 11: renewals that overlap one another, a stream's own re-login, or a jump of the app clock. Each test
/// lines the overlap up deterministically (credential look-ups parked on a gate, the clock advanced mid-login).
/// </summary>
public sealed class RenewalRaceTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-30T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Two_renewal_passes_that_both_found_the_token_due_log_in_once()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await NestLegacyHarness.StartAsync(clock: clock);
        h.Directory.Set(h.ConnectionId, h.Google());
        await h.Tokens.GetAsync(h.ConnectionId, h.Google(), null, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(55));

        // Both passes (the timer's tick and an explicit call) pick the connection before either has logged in.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Directory.Hold = release.Task;
        var first = h.Renewer.RenewDueAsync(CancellationToken.None);
        var second = h.Renewer.RenewDueAsync(CancellationToken.None);
        await Poll.UntilAsync(() => h.Directory.Lookups == 2, TimeSpan.FromSeconds(10), "both passes choosing the due connection");
        h.Directory.Hold = null;
        release.SetResult();
        var renewed = await Task.WhenAll(first, second);

        Assert.Equal(2, h.Fake.JwtsIssued);
        Assert.Equal(1, renewed.Sum());
        Assert.Equal(h.Fake.IssuedTokens[1], h.Tokens.Peek(h.ConnectionId, h.Google())!.Value);
        Assert.All(h.Directory.Marks, m => Assert.Null(m.Problem));
    }

    [Fact]
    public async Task A_renewal_pass_does_not_log_in_again_after_a_stream_already_replaced_the_token()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await NestLegacyHarness.StartAsync(clock: clock);
        h.Directory.Set(h.ConnectionId, h.Google());
        var old = await h.Tokens.GetAsync(h.ConnectionId, h.Google(), null, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(55));

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Directory.Hold = release.Task;
        var pass = h.Renewer.RenewDueAsync(CancellationToken.None);
        await Poll.UntilAsync(() => h.Directory.Lookups == 1, TimeSpan.FromSeconds(10), "the pass choosing the due connection");

        // Meanwhile a stream was refused the old token (ERROR 3) and logged in itself.
        var streams = await h.Tokens.GetAsync(h.ConnectionId, h.Google(), old, CancellationToken.None);
        h.Directory.Hold = null;
        release.SetResult();

        Assert.Equal(0, await pass);
        Assert.Equal(2, h.Fake.JwtsIssued);
        Assert.Same(streams, h.Tokens.Peek(h.ConnectionId, h.Google()));
    }

    [Fact]
    public async Task A_login_in_flight_is_not_timed_out_by_the_app_clock_jumping_ahead()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await NestLegacyHarness.StartAsync(f => f.Scenario.AuthDelay = TimeSpan.FromMilliseconds(200), clock: clock);
        h.Directory.Set(h.ConnectionId, h.Google());
        await h.Tokens.GetAsync(h.ConnectionId, h.Google(), null, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(55));

        // The app clock (a fake one here; a resumed VM's in production) races ahead while the login waits on
        // the network: HTTP timeouts measure real time, so the login still completes.
        var pass = h.Renewer.RenewDueAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!pass.IsCompleted && DateTime.UtcNow < deadline)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(20);
        }

        Assert.True(pass.IsCompleted, "the renewal did not finish within 20 s");
        Assert.Equal(1, await pass);
        Assert.Equal(2, h.Fake.JwtsIssued);
        Assert.All(h.Directory.Marks, m => Assert.Null(m.Problem));
    }
}
