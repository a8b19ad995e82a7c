using Microsoft.Extensions.Time.Testing;
using SmartHomeCam.NestLegacy.Protocol;
using SmartHomeCam.NestLegacy.Protocol.Messages;
using SmartHomeCam.Testing;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>The Nest JWT renewed by a timer before its hour is up (spec §1a), failures marked, and running streams re-authorised.</summary>
public sealed class TokenRenewalTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-30T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_timer_renews_the_jwt_before_expiry_without_anyone_asking()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await NestLegacyHarness.StartAsync(clock: clock);
        h.Directory.Set(h.ConnectionId, h.Google());
        var first = await h.Tokens.GetAsync(h.ConnectionId, h.Google(), null, CancellationToken.None);
        await h.Renewer.StartAsync(CancellationToken.None);
        try
        {
            // 53 minutes in: the token is not due (margin 5 min + one 1-minute check period), nothing is renewed.
            await AdvanceMinutesAsync(clock, 53);
            Assert.Equal(0, await h.Renewer.RenewDueAsync(CancellationToken.None));
            Assert.Equal(1, h.Fake.JwtsIssued);

            await AdvanceMinutesAsync(clock, 1);
            await Poll.UntilAsync(() => h.Fake.JwtsIssued == 2, TimeSpan.FromSeconds(10), "the timer renewing the JWT at 54 minutes");
            await Poll.UntilAsync(() => h.Tokens.Peek(h.ConnectionId, h.Google()) is { } t && !ReferenceEquals(t, first), TimeSpan.FromSeconds(5), "the cache holding the new token");
            var renewed = h.Tokens.Peek(h.ConnectionId, h.Google())!;
            Assert.Equal(h.Fake.IssuedTokens[1], renewed.Value);
            Assert.Equal(Start + TimeSpan.FromMinutes(54) + TimeSpan.FromHours(1), renewed.ExpiresAt);

            // A caller now gets the renewed token at once, without another login.
            Assert.Same(renewed, await h.Tokens.GetAsync(h.ConnectionId, h.Google(), null, CancellationToken.None));
            await Poll.UntilAsync(() => h.Fake.JwtsIssued >= 2, TimeSpan.FromSeconds(20), "the JWT renewed");
            Assert.All(h.Directory.Marks, m => Assert.Null(m.Problem));
        }
        finally
        {
            await h.Renewer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_failed_renewal_marks_the_connection_in_plain_words_backs_off_and_clears_when_it_works_again()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await NestLegacyHarness.StartAsync(clock: clock);
        h.Directory.Set(h.ConnectionId, h.Google());
        await h.Tokens.GetAsync(h.ConnectionId, h.Google(), null, CancellationToken.None);

        h.Fake.Scenario.GoogleSessionEnded = true;
        clock.Advance(TimeSpan.FromMinutes(55));
        Assert.Equal(0, await h.Renewer.RenewDueAsync(CancellationToken.None));
        var mark = Assert.Single(h.Directory.Marks);
        Assert.Equal(h.ConnectionId, mark.Id);
        Assert.StartsWith("Google session ended: sign in again", mark.Problem, StringComparison.Ordinal);
        Assert.Contains(h.Logs.Lines, l => l.Contains("Renewing the Nest token", StringComparison.Ordinal) && l.Contains("Google session ended", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Fake.Scenario.Cookie, h.Logs.AllText, StringComparison.Ordinal);

        // Backing off: no second attempt within the retry period.
        Assert.Equal(0, await h.Renewer.RenewDueAsync(CancellationToken.None));
        Assert.Single(h.Directory.Marks);

        h.Fake.Scenario.GoogleSessionEnded = false;
        clock.Advance(h.Options.TokenRenewalRetry);
        Assert.Equal(1, await h.Renewer.RenewDueAsync(CancellationToken.None));
        Assert.Null(h.Directory.Marks[^1].Problem);
        Assert.Equal(2, h.Fake.JwtsIssued);
    }

    [Fact]
    public async Task A_removed_connection_is_forgotten_not_renewed()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await NestLegacyHarness.StartAsync(clock: clock);
        await h.Tokens.GetAsync(h.ConnectionId, h.Google(), null, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(58));
        Assert.Equal(0, await h.Renewer.RenewDueAsync(CancellationToken.None));
        Assert.Null(h.Tokens.Peek(h.ConnectionId, h.Google()));
        Assert.Equal(1, h.Fake.JwtsIssued);
    }

    [Fact]
    public async Task A_running_stream_takes_the_renewed_jwt_and_survives_the_old_one_expiring()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = await NestLegacyHarness.StartAsync(f => f.Scenario.Speed = 2, clock: clock);
        h.Directory.Set(h.ConnectionId, h.Google());
        await using var source = h.Source();
        await source.OpenAsync(CancellationToken.None);
        await h.Renewer.StartAsync(CancellationToken.None);
        try
        {
            // 600 frames is 12 s at double speed: the reader must still be reading when the renewal lands.
            var reading = SourceReading.ReadAsync(source, 600, TimeSpan.FromSeconds(90));
            await Poll.UntilAsync(() => h.Fake.FramesSent >= 25, TimeSpan.FromSeconds(20), "the stream running");
            var old = h.Fake.IssuedTokens[0];

            await AdvanceMinutesAsync(clock, 55);
            // The timer's own schedule is covered above; here the renewal must have happened before the stream is
            // checked, and a fake clock's ticks can coalesce while a check is in flight, so renew what is due now.
            await h.Renewer.RenewDueAsync(CancellationToken.None);
            await Poll.UntilAsync(() => h.Fake.JwtsIssued >= 2, TimeSpan.FromSeconds(20), "the JWT renewed");
            await Poll.UntilAsync(
                () => h.Fake.Packets.Any(p => p.Type == PacketType.AuthorizeRequest),
                TimeSpan.FromSeconds(20), "the stream re-authorising with the renewed JWT");
            var authorize = (AuthorizeRequest)h.Fake.Packets.Single(p => p.Type == PacketType.AuthorizeRequest).Message!;
            Assert.Equal(h.Fake.IssuedTokens[1], authorize.OliveToken);

            // The old JWT's hour is up: Nest would now refuse it with ERROR 3; this stream no longer uses it.
            h.Fake.ExpireToken(old);
            var video = (await reading).Video();

            Assert.Equal(600, video.Count);
            Assert.DoesNotContain(video, f => f.Discontinuity);
            Assert.Equal(0, h.Fake.AuthorizationErrorsSent);
            Assert.Equal(1, h.Fake.Connections);
            Assert.Equal(0, source.Reconnects);
        }
        finally
        {
            await h.Renewer.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Minute by minute, so the periodic timer ticks as it would in real time.</summary>
    private static async Task AdvanceMinutesAsync(FakeTimeProvider clock, int minutes)
    {
        for (var i = 0; i < minutes; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Yield();
        }
    }
}
