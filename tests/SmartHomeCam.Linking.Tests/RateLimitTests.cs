using SmartHomeCam.GoogleSim;
using System.Net;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Linking.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Token_endpoint_answers_429_once_the_per_ip_budget_is_spent()
    {
        await using var server = await ServerInstance.StartAsync(new Dictionary<string, string?> { ["OAuth:TokenRequestsPerMinute"] = "3" });
        using var flow = new LinkingFlow(server);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await flow.RefreshAsync("nope");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Sign_in_posts_are_limited_per_ip_but_the_page_itself_is_not()
    {
        await using var server = await ServerInstance.StartAsync(new Dictionary<string, string?> { ["OAuth:SignInAttemptsPerMinutePerIp"] = "2" });
        var email = await TestAccounts.CreateAsync(server);
        using var flow = new LinkingFlow(server);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add(await PostWrongPasswordAsync(flow, email));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await flow.Browser.GetAsync(new Uri("/account/login", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_account_under_distributed_attack_is_slowed_down_but_the_right_password_still_works()
    {
        await using var server = await ServerInstance.StartAsync(ForwardedHeadersTests.BehindProxy(
            ("OAuth:SignInAttemptsPerAccount", "2"), ("OAuth:SignInSlowdown", "00:00:00.500")));
        var email = await TestAccounts.CreateAsync(server);
        var other = await TestAccounts.CreateAsync(server);
        long throttledFrom = 0;
        for (var i = 0; i < 5; i++)
        {
            // One guess from each of many addresses: no per-address delay ever applies, and nobody is refused.
            using var bot = new LinkingFlow(server);
            ForwardedHeadersTests.From(bot.Browser, "203.0.113." + (10 + i));
            if (i == 2)
            {
                throttledFrom = System.Diagnostics.Stopwatch.GetTimestamp();
            }

            Assert.Equal(HttpStatusCode.OK, await PostWrongPasswordAsync(bot, email));
        }

        // After two failures the account's checks run at least 500 ms apart: three of them span at least 1 s.
        var spanned = System.Diagnostics.Stopwatch.GetElapsedTime(throttledFrom);
        Assert.True(spanned >= TimeSpan.FromMilliseconds(950), $"{spanned.TotalMilliseconds} ms");

        using var owner = new LinkingFlow(server);
        ForwardedHeadersTests.From(owner.Browser, "198.51.100.20");
        await owner.SignInAsync(email);

        // Another account, even from a guessing address, is not affected.
        using var neighbour = new LinkingFlow(server);
        ForwardedHeadersTests.From(neighbour.Browser, "203.0.113.10");
        await neighbour.SignInAsync(other);
    }

    private static async Task<HttpStatusCode> PostWrongPasswordAsync(LinkingFlow flow, string email)
    {
        var page = await flow.Browser.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var fields = HtmlForm.Inputs(page);
        fields["Email"] = email;
        fields["Password"] = "wrong password!";
        using var response = await flow.Browser.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(fields));
        return response.StatusCode;
    }
}
