using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Linking.Tests;

/// <summary>
/// What Google actually sends (spec §4): no scope, no PKCE, the secret in the body or in HTTP Basic; and what must
/// survive a restart on the same data directory (the keys: a restart must never unlink a home).
/// </summary>
public sealed class GoogleShapeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task No_scope_and_no_pkce_still_links_with_a_refresh_token(bool basicAuth)
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        using var flow = new LinkingFlow(server);
        await flow.SignInAsync(email);
        var url = QueryHelpers.AddQueryString("/oauth/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = ServerInstance.ClientId,
            ["redirect_uri"] = ServerInstance.RedirectUri,
            ["state"] = "no-scope",
            ["response_type"] = "code",
        });
        var redirect = await flow.ConsentAsync(url);
        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.Equal("no-scope", query["state"].ToString());

        using var exchange = await flow.ExchangeAsync(query["code"].ToString(), basicAuth);
        var body = await exchange.Content.ReadAsStringAsync();
        Assert.True(exchange.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var access = json.RootElement.GetProperty("access_token").GetString()!;
        var refresh = json.RootElement.GetProperty("refresh_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await flow.WhoAmIAsync(access)).StatusCode);

        // A refresh answers an access token and no new refresh token: the first one lives as long as the link.
        using var refreshed = await flow.RefreshAsync(refresh, basicAuth);
        using var refreshedJson = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.False(refreshedJson.RootElement.TryGetProperty("refresh_token", out _));
        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(refresh, basicAuth)).StatusCode);
    }

    [Fact]
    public async Task Tokens_minted_before_a_restart_work_after_it_and_revocations_survive_it()
    {
        var data = Path.Combine(Path.GetTempPath(), "shc-restart-" + Guid.NewGuid().ToString("N"));
        string email, access, refresh, revokedAccess;
        await using (var first = await ServerInstance.StartAsync(dataDirectory: data))
        {
            first.DeleteDataOnDispose = false;
            email = await TestAccounts.CreateAsync(first);
            using var flow = new LinkingFlow(first);
            (access, refresh) = await flow.LinkAsync(email);
            using var other = new LinkingFlow(first);
            var (otherAccess, otherRefresh) = await other.LinkAsync(email);
            revokedAccess = otherAccess;
            Assert.Equal(HttpStatusCode.OK, (await other.RevokeAsync(otherRefresh)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await other.WhoAmIAsync(revokedAccess)).StatusCode);
        }

        var keyFile = Path.Combine(data, LinkingServiceCollectionExtensions.KeyFileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        await using var second = await ServerInstance.StartAsync(dataDirectory: data);
        using var again = new LinkingFlow(second);
        Assert.Equal(HttpStatusCode.OK, (await again.WhoAmIAsync(access)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.RefreshAsync(refresh)).StatusCode);
        // Loaded from the database at start: the revoked linking's unexpired access token stays refused.
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.WhoAmIAsync(revokedAccess)).StatusCode);
    }

    [Fact]
    public async Task Configured_keys_let_a_server_on_another_data_directory_accept_the_tokens()
    {
        var keys = new Dictionary<string, string?>
        {
            ["OAuth:SigningKey"] = LinkingKeys.NewKeyText(),
            ["OAuth:EncryptionKey:0"] = LinkingKeys.NewKeyText(),
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), "shc-keys-" + Guid.NewGuid().ToString("N") + ".db")}",
        };
        await using var first = await ServerInstance.StartAsync(keys);
        var email = await TestAccounts.CreateAsync(first);
        using var flow = new LinkingFlow(first);
        var (access, _) = await flow.LinkAsync(email);

        // Same keys and database, different data directory (no key file there): the token is valid.
        await using var second = await ServerInstance.StartAsync(keys);
        using var onSecond = new LinkingFlow(second);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.WhoAmIAsync(access)).StatusCode);
        Assert.False(File.Exists(Path.Combine(second.DataDirectory, LinkingServiceCollectionExtensions.KeyFileName)));

        // Different keys: refused.
        await using var stranger = await ServerInstance.StartAsync(new Dictionary<string, string?>(keys) { ["OAuth:SigningKey"] = LinkingKeys.NewKeyText() });
        using var onStranger = new LinkingFlow(stranger);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onStranger.WhoAmIAsync(access)).StatusCode);
    }

    [Fact]
    public async Task Tampered_access_token_is_refused()
    {
        await using var server = await ServerInstance.StartAsync();
        var email = await TestAccounts.CreateAsync(server);
        using var flow = new LinkingFlow(server);
        var (access, refresh) = await flow.LinkAsync(email);
        var middle = access.Length / 2;
        var tampered = access[..middle] + (access[middle] == 'A' ? 'B' : 'A') + access[(middle + 1)..];
        using var response = await flow.WhoAmIAsync(tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        // A refresh token is no access token.
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.WhoAmIAsync(refresh)).StatusCode);
    }

    [Fact]
    public async Task Discovery_document_names_our_endpoints()
    {
        await using var server = await ServerInstance.StartAsync();
        using var http = server.CreateClient();
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/.well-known/oauth-authorization-server", UriKind.Relative)));
        Assert.EndsWith("/oauth/token", json.RootElement.GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/oauth/revoke", json.RootElement.GetProperty("revocation_endpoint").GetString(), StringComparison.Ordinal);
        Assert.Equal(["S256"], json.RootElement.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
    }
}
