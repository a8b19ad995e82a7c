using Microsoft.Extensions.Time.Testing;
using SmartHomeCam.NestLegacy.Auth;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>The logins of spec §1 against the fake, and what the owner is told when they fail.</summary>
public sealed class AuthTests
{
    [Fact]
    public async Task Google_cookie_flow_yields_a_nest_jwt()
    {
        await using var h = await NestLegacyHarness.StartAsync();
        var token = await h.Authenticator.LoginAsync(h.Google(), CancellationToken.None);
        Assert.Equal(NestAuthKind.GoogleCookie, token.Kind);
        Assert.StartsWith("J1.", token.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Value, token.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_logged_out_google_session_says_to_paste_a_fresh_cookie()
    {
        await using var h = await NestLegacyHarness.StartAsync(f => f.Scenario.GoogleSessionEnded = true);
        var e = await Assert.ThrowsAsync<NestAuthException>(() => h.Authenticator.LoginAsync(h.Google(), CancellationToken.None));
        Assert.StartsWith("Google session ended: sign in again", e.Message, StringComparison.Ordinal);
        Assert.True(e.CredentialRejected);
    }

    [Fact]
    public async Task A_wrong_cookie_is_refused_in_plain_words()
    {
        await using var h = await NestLegacyHarness.StartAsync();
        var e = await Assert.ThrowsAsync<NestAuthException>(() => h.Authenticator.LoginAsync(h.Google("SID=someone-else"), CancellationToken.None));
        Assert.Contains("fresh cookie", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/o/oauth2/iframerpc?action=issueToken")]
    [InlineData("not a url")]
    public async Task An_issue_token_url_elsewhere_than_google_is_refused_before_any_request(string url)
    {
        await using var h = await NestLegacyHarness.StartAsync();
        var credentials = new NestLegacyCredentials(NestAuthKind.GoogleCookie, h.Fake.Scenario.Cookie, Uri.TryCreate(url, UriKind.Absolute, out var u) ? u : null, null);
        await Assert.ThrowsAsync<NestAuthException>(() => h.Authenticator.LoginAsync(credentials, CancellationToken.None));
        Assert.Equal(0, h.Fake.JwtsIssued);
    }

    [Fact]
    public async Task Nest_access_token_flow_yields_a_session_token_and_a_wrong_one_is_refused()
    {
        await using var h = await NestLegacyHarness.StartAsync();
        var token = await h.Authenticator.LoginAsync(h.Nest(), CancellationToken.None);
        Assert.Equal(NestAuthKind.NestSession, token.Kind);
        var e = await Assert.ThrowsAsync<NestAuthException>(() => h.Authenticator.LoginAsync(h.Nest("b.wrong"), CancellationToken.None));
        Assert.Contains("access_token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_auth_still_succeeds()
    {
        await using var h = await NestLegacyHarness.StartAsync(f => f.Scenario.AuthDelay = TimeSpan.FromSeconds(2));
        var token = await h.Authenticator.LoginAsync(h.Google(), CancellationToken.None);
        Assert.StartsWith("J", token.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_jwt_is_reused_until_shortly_before_it_expires_and_then_renewed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await NestLegacyHarness.StartAsync(clock: clock);
        var first = await h.Tokens.GetAsync(h.ConnectionId, h.Google(), null, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(50));
        Assert.Same(first, await h.Tokens.GetAsync(h.ConnectionId, h.Google(), null, CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(6)); // 4 min left: inside the 5-minute margin
        var renewed = await h.Tokens.GetAsync(h.ConnectionId, h.Google(), null, CancellationToken.None);
        Assert.NotSame(first, renewed);
        Assert.Equal(2, h.Fake.JwtsIssued);
        Assert.NotSame(renewed, await h.Tokens.GetAsync(h.ConnectionId, h.Google(), renewed, CancellationToken.None)); // a rejected token is replaced
    }
}
