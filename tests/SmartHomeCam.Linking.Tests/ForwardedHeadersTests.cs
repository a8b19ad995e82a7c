using System.Net;
using SmartHomeCam.GoogleSim;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Linking.Tests;

/// <summary>
/// Behind a reverse proxy every request arrives from the proxy's socket address; only a configured trusted
/// proxy may name the real client (X-Forwarded-For) and the scheme (X-Forwarded-Proto).
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string GoogleEgress = "66.249.84.10";

    [Fact]
    public async Task Behind_a_trusted_proxy_61_bad_secrets_do_not_block_the_good_client()
    {
        await using var server = await ServerInstance.StartAsync(BehindProxy(("OAuth:TokenRequestsPerMinute", "60")));
        var email = await TestAccounts.CreateAsync(server);
        using var google = new LinkingFlow(server);
        From(google.Backend, GoogleEgress);
        var (_, refresh) = await google.LinkAsync(email);

        // Someone else on Google's shared egress address floods the token endpoint with wrong secrets.
        using var attacker = new LinkingFlow(server);
        From(attacker.Backend, GoogleEgress);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 61; i++)
        {
            using var response = await attacker.ExchangeAsync("no-such-code", secret: "wrong-secret-" + i);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 60).Append(HttpStatusCode.TooManyRequests), statuses);
        using var refreshed = await google.RefreshAsync(refresh);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        using var viaBody = await google.RefreshAsync(await NewRefreshTokenAsync(refreshed, refresh), basicAuth: false);
        Assert.Equal(HttpStatusCode.OK, viaBody.StatusCode);
    }

    [Fact]
    public async Task Token_limits_follow_the_forwarded_client_address()
    {
        await using var server = await ServerInstance.StartAsync(BehindProxy(("OAuth:TokenRequestsPerMinute", "3")));
        using var a = new LinkingFlow(server);
        From(a.Backend, "203.0.113.1");
        using var b = new LinkingFlow(server);
        From(b.Backend, "203.0.113.2");
        var fromA = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await a.ExchangeAsync("x", secret: "wrong-secret-wrong");
            fromA.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], fromA);
        using var fromB = await b.ExchangeAsync("x", secret: "wrong-secret-wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, fromB.StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_untrusted_peer_are_ignored()
    {
        // No trusted proxy configured (the default): X-Forwarded-For cannot buy a fresh budget.
        await using var server = await ServerInstance.StartAsync(new Dictionary<string, string?> { ["OAuth:TokenRequestsPerMinute"] = "2" });
        using var flow = new LinkingFlow(server);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            flow.Backend.DefaultRequestHeaders.Remove("X-Forwarded-For");
            From(flow.Backend, "198.51.100." + (i + 1));
            using var response = await flow.ExchangeAsync("x", secret: "wrong-secret-wrong");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);

        using var browser = RawClient(server);
        using var page = new HttpRequestMessage(HttpMethod.Get, new Uri("/account/login", UriKind.Relative));
        page.Headers.Add("X-Forwarded-Proto", "https");
        using var response2 = await browser.SendAsync(page);
        Assert.All(response2.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_speaking_https_every_cookie_is_secure()
    {
        await using var server = await ServerInstance.StartAsync(BehindProxy());
        var email = await TestAccounts.CreateAsync(server);
        using var browser = RawClient(server);

        using var get = Proxied(HttpMethod.Get, "/account/login");
        using var page = await browser.SendAsync(get);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("shc.af=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        var fields = HtmlForm.Inputs(await page.Content.ReadAsStringAsync());
        fields["Email"] = email;
        fields["Password"] = TestAccounts.Password;
        using var post = Proxied(HttpMethod.Post, "/account/login");
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        post.Content = new FormUrlEncodedContent(fields);
        using var signedIn = await browser.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("shc.session=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_speaking_https_stream_urls_are_https()
    {
        await using var f = await FulfillmentServer.StartAsync(BehindProxy());
        var devices = await f.DeviceIdsAsync();
        using var http = RawClient(f.Server);
        using var request = Proxied(HttpMethod.Post, "/fulfillment");
        request.Headers.Add("X-Forwarded-Host", "cam.example.com");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", f.Client.AccessToken);
        request.Content = new StringContent(FulfillmentClient.Execute(devices["Demo camera"]), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        var url = json.RootElement.GetProperty("payload").GetProperty("commands")[0].GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!;
        Assert.StartsWith("https://cam.example.com/streams/", url, StringComparison.Ordinal);

        // Without the proxy's word the scheme stays what the socket says.
        var (_, direct) = await f.Client.PostAsync(FulfillmentClient.Execute(devices["Demo camera"]));
        Assert.Contains("\"cameraStreamAccessUrl\":\"http://127.0.0.1:", direct, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> BehindProxy(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["SmartHomeCam:TrustedProxies:0"] = "127.0.0.1" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    internal static void From(HttpClient client, string address) => client.DefaultRequestHeaders.Add("X-Forwarded-For", address);

    /// <summary>No cookie jar: a jar would not send <c>secure</c> cookies over the proxy's plain-HTTP hop.</summary>
    private static HttpClient RawClient(ServerInstance server) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

    private static HttpRequestMessage Proxied(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Forwarded-For", "198.51.100.77");
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }

    /// <summary>The rotated refresh token if the server rotates them, else the one we have.</summary>
    private static async Task<string> NewRefreshTokenAsync(HttpResponseMessage response, string current)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("refresh_token", out var r) && r.GetString() is { Length: > 0 } rotated ? rotated : current;
    }
}
