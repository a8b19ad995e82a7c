using SmartHomeCam.GoogleSim;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Data;
using SmartHomeCam.Server.Cli;
using SmartHomeCam.Server.Hosting;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Linking.Tests;

/// <summary>First owner account (CLI and guarded first-run page), dashboard and unlink.</summary>
public sealed class AccountsTests
{
    [Fact]
    public async Task Setup_page_needs_the_console_code_and_closes_after_use()
    {
        await using var server = await ServerInstance.StartAsync();
        string code;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            code = (await server.Services.GetRequiredService<FirstRunSetup>().OpenIfNoUsersAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), default))!;
        }

        using var client = server.CreateClient();
        async Task<HttpResponseMessage> Submit(string setupCode, string password)
        {
            var page = await client.GetStringAsync(new Uri("/setup", UriKind.Relative));
            var fields = HtmlForm.Inputs(page);
            fields["SetupCode"] = setupCode;
            fields["Email"] = "owner@example.com";
            fields["Password"] = password;
            return await client.PostAsync(new Uri("/setup", UriKind.Relative), new FormUrlEncodedContent(fields));
        }

        using (var wrong = await Submit("WRONGCODE123", TestAccounts.Password))
        {
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("not correct", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var weak = await Submit(code, "short"))
        {
            Assert.Contains("at least 10", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var right = await Submit(code.ToLowerInvariant(), TestAccounts.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        }

        Assert.Contains("owner@example.com", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        using var closed = await server.CreateClient().GetAsync(new Uri("/setup", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, closed.StatusCode);
    }

    [Fact]
    public async Task Setup_page_is_closed_when_no_code_was_issued()
    {
        await using var server = await ServerInstance.StartAsync();
        await TestAccounts.CreateAsync(server);
        using var response = await server.CreateClient().GetAsync(new Uri("/setup", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Cli_adds_users_and_google_clients_whose_secret_then_works()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "shc-cli-" + Guid.NewGuid().ToString("N"));
        string[] Config(params string[] args) => [.. args, "--SmartHomeCam:DataDirectory", dataDirectory];

        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(Config("users", "add", "cli@example.com", "--password-stdin"), new StringReader(TestAccounts.Password + "\n"), output, error));
        Assert.Contains("Created cli@example.com", output.ToString(), StringComparison.Ordinal);

        Assert.Equal(1, await CommandLine.RunAsync(Config("users", "add", "cli@example.com", "--password-stdin"), new StringReader(TestAccounts.Password + "\n"), output, error));
        Assert.Contains("already exists", error.ToString(), StringComparison.Ordinal);

        Assert.Equal(2, await CommandLine.RunAsync(Config("users", "frobnicate"), TextReader.Null, output, error));

        var clientOut = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(Config("clients", "add-google", "--project-id", ServerInstance.ProjectId), TextReader.Null, clientOut, error));
        var secret = Regex.Match(clientOut.ToString(), "client secret: (\\S+)").Groups[1].Value;
        Assert.Equal(43, secret.Length);

        // The server started on the same data directory, without a configured secret, accepts the printed one.
        await using var server = await ServerInstance.StartAsync(new Dictionary<string, string?> { ["Google:ClientSecret"] = "" }, dataDirectory);
        using var flow = new LinkingFlow(server);
        var code = await flow.GetCodeAsync("cli@example.com");
        Assert.Equal(HttpStatusCode.OK, (await flow.ExchangeAsync(code, secret: secret)).StatusCode);
    }

    [Fact]
    public async Task Dashboard_lists_active_linkings_and_unlink_revokes_their_tokens()
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        using var flow = new LinkingFlow(server);
        var (access, refresh) = await flow.LinkAsync(email);

        var dashboard = await flow.Browser.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("Google Home", dashboard, StringComparison.Ordinal);
        var fields = HtmlForm.Inputs(dashboard, "class=\"unlink\"");

        using var unlink = await flow.Browser.PostAsync(new Uri("/?handler=Unlink", UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, unlink.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.WhoAmIAsync(access)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await flow.RefreshAsync(refresh)).StatusCode);
        Assert.Contains("id=\"no-linkings\"", await flow.Browser.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_requires_sign_in_and_sign_out_ends_the_session()
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        using var flow = new LinkingFlow(server);
        using (var anonymous = await flow.Browser.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        }

        await flow.SignInAsync(email);
        var dashboard = await flow.Browser.GetStringAsync(new Uri("/", UriKind.Relative));
        using var signOut = await flow.Browser.PostAsync(new Uri("/account/logout", UriKind.Relative), new FormUrlEncodedContent(HtmlForm.Inputs(dashboard, "sign-out")));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var after = await flow.Browser.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}
