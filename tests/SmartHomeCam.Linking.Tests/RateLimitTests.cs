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
    public async Task Sign_in_attempts_are_limited_per_account()
    {
        await using var server = await ServerInstance.StartAsync(new Dictionary<string, string?> { ["OAuth:SignInAttemptsPerAccount"] = "2" });
        var email = await TestAccounts.CreateAsync(server);
        var other = await TestAccounts.CreateAsync(server);
        using var flow = new LinkingFlow(server);
        Assert.Equal(HttpStatusCode.OK, await PostWrongPasswordAsync(flow, email));
        Assert.Equal(HttpStatusCode.OK, await PostWrongPasswordAsync(flow, email.ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostWrongPasswordAsync(flow, email));
        // Another account from the same address is unaffected.
        await flow.SignInAsync(other);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account()
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        using var flow = new LinkingFlow(server);
        for (var i = 0; i < 5; i++)
        {
            await PostWrongPasswordAsync(flow, email);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => flow.SignInAsync(email));
        Assert.Contains("locked", error.Message, StringComparison.Ordinal);
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
