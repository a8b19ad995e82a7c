using SmartHomeCam.GoogleSim;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Data;
using SmartHomeCam.Server.Cli;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Linking.Tests;

/// <summary>
/// Every way a linking ends makes its access token useless at once — on this replica without waiting for the token
/// to expire, and on another replica (shared database and Redis) within a second.
/// </summary>
public sealed class RevocationTests
{
    [Fact]
    public async Task Disconnect_makes_the_access_token_401_at_once()
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        using var client = await FulfillmentClient.LinkAsync(server, email);
        Assert.Equal(200, (await client.PostAsync(FulfillmentClient.Sync())).Status);

        Assert.Equal((200, "{}"), await client.PostAsync(FulfillmentClient.Disconnect()));

        Assert.Equal(401, (await client.PostAsync(FulfillmentClient.Sync())).Status);
        using var flow = new LinkingFlow(server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.WhoAmIAsync(client.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Deleting_the_account_needs_the_password_and_ends_every_linking()
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        using var flow = new LinkingFlow(server);
        var (access, refresh) = await flow.LinkAsync(email);

        using (var wrong = await PostDeleteAsync(flow, "not the password"))
        {
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("id=\"delete-error\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await flow.WhoAmIAsync(access)).StatusCode);

        using (var right = await PostDeleteAsync(flow, TestAccounts.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.WhoAmIAsync(access)).StatusCode);
        await AccountLinkingTests.AssertOAuthError(await flow.RefreshAsync(refresh), HttpStatusCode.BadRequest, "invalid_grant");
        await using var scope = server.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task Cli_password_change_and_deletion_end_the_linkings_of_a_running_replica()
    {
        using var redis = await RedisServer.StartAsync();
        var shared = new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration };
        await using var server = await ServerInstance.StartAsync(shared);
        var email = await TestAccounts.CreateAsync(server);
        using var flow = new LinkingFlow(server);
        var (access, _) = await flow.LinkAsync(email);
        string[] Cli(params string[] args) => [.. args, "--SmartHomeCam:DataDirectory", server.DataDirectory, "--Redis:Configuration", redis.Configuration];

        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(Cli("users", "set-password", email, "--password-stdin"), new StringReader("a brand new passphrase\n"), output, error));
        Assert.Contains("changed", output.ToString(), StringComparison.Ordinal);
        await RefusedWithinAsync(flow, access, TimeSpan.FromSeconds(1));

        // The new password signs in; deletion by CLI ends the next linking too.
        using var next = new LinkingFlow(server);
        await next.SignInAsync(email, "a brand new passphrase");
        var code = await next.GetCodeAsync(email);
        using var exchange = await next.ExchangeAsync(code);
        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        var nextAccess = System.Text.Json.JsonDocument.Parse(await exchange.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        Assert.Equal(0, await CommandLine.RunAsync(Cli("users", "delete", email), TextReader.Null, output, error));
        await RefusedWithinAsync(next, nextAccess, TimeSpan.FromSeconds(1));
        Assert.Equal(1, await CommandLine.RunAsync(Cli("users", "delete", email), TextReader.Null, output, error));
    }

    [Fact]
    public async Task Unlink_on_one_replica_is_refused_by_the_other_within_a_second()
    {
        using var redis = await RedisServer.StartAsync();
        var data = Path.Combine(Path.GetTempPath(), "shc-two-" + Guid.NewGuid().ToString("N"));
        var shared = new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration };
        await using var a = await ServerInstance.StartAsync(shared, data);
        a.DeleteDataOnDispose = false;
        await using var b = await ServerInstance.StartAsync(shared, data);
        var email = await TestAccounts.CreateAsync(a);
        using var onA = new LinkingFlow(a);
        var (access, _) = await onA.LinkAsync(email);
        using var onB = new LinkingFlow(b);
        Assert.Equal(HttpStatusCode.OK, (await onB.WhoAmIAsync(access)).StatusCode);

        var dashboard = await onA.Browser.GetStringAsync(new Uri("/", UriKind.Relative));
        using var unlink = await onA.Browser.PostAsync(new Uri("/?handler=Unlink", UriKind.Relative), new FormUrlEncodedContent(HtmlForm.Inputs(dashboard, "class=\"unlink\"")));
        Assert.Equal(HttpStatusCode.Redirect, unlink.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await onA.WhoAmIAsync(access)).StatusCode);
        await RefusedWithinAsync(onB, access, TimeSpan.FromSeconds(1));
    }

    private static async Task<HttpResponseMessage> PostDeleteAsync(LinkingFlow flow, string password)
    {
        var dashboard = await flow.Browser.GetStringAsync(new Uri("/", UriKind.Relative));
        var fields = HtmlForm.Inputs(dashboard, "class=\"delete-account\"");
        fields["password"] = password;
        return await flow.Browser.PostAsync(new Uri("/?handler=DeleteAccount", UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    private static async Task RefusedWithinAsync(LinkingFlow flow, string access, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var response = await flow.WhoAmIAsync(access);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return;
            }

            Assert.True(watch.Elapsed < limit, $"the access token still worked {watch.Elapsed.TotalMilliseconds:F0} ms after the revocation");
            await Task.Delay(20);
        }
    }
}
