using SmartHomeCam.GoogleSim;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Linking.Tests;

/// <summary>The linking dance over real HTTP exactly as Google performs it (spec §4).</summary>
public sealed class AccountLinkingTests : IAsyncLifetime
{
    private ServerInstance server = null!;
    private string email = null!;

    public async Task InitializeAsync()
    {
        server = await ServerInstance.StartAsync();
        email = await TestAccounts.CreateAsync(server);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Whole_dance_works_with_basic_or_body_client_authentication(bool basicAuth)
    {
        using var flow = new LinkingFlow(server);

        // 1. Google opens the authorization URL; we are not signed in, so we are sent to sign in.
        var authorize = LinkingFlow.AuthorizeUrl(state: "opaque state/+=");
        using (var first = await flow.Browser.GetAsync(new Uri(authorize, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
            Assert.StartsWith("/account/login", first.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            var returnUrl = QueryHelpers.ParseQuery(first.Headers.Location.Query)["ReturnUrl"].ToString();
            Assert.Equal(authorize, returnUrl);

            // 2. Sign-in form, then back to the authorize URL.
            await flow.SignInAsync(email, returnUrl: returnUrl);
        }

        // 3. Consent page → Allow → redirect with code and unchanged state.
        var redirect = await flow.ConsentAsync(authorize);
        Assert.Equal(ServerInstance.RedirectUri, redirect.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.Equal("opaque state/+=", query["state"].ToString());
        var code = query["code"].ToString();
        Assert.True(code.Length >= 43);

        // 4. Token exchange.
        using var exchange = await flow.ExchangeAsync(code, basicAuth);
        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        Assert.Equal("no-store", exchange.Headers.CacheControl!.ToString());
        Assert.Equal("application/json", exchange.Content.Headers.ContentType!.MediaType);
        using var tokens = JsonDocument.Parse(await exchange.Content.ReadAsStringAsync());
        var root = tokens.RootElement;
        Assert.Equal("Bearer", root.GetProperty("token_type").GetString());
        // OpenIddict counts the seconds left when it answers: 3600, or 3599 once a second boundary passed.
        Assert.InRange(root.GetProperty("expires_in").GetInt32(), 3595, 3600);
        var access = root.GetProperty("access_token").GetString()!;
        var refresh = root.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(access, refresh);

        using (var me = await flow.WhoAmIAsync(access))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains("\"agentUserId\":\"acct-", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // 5. Refresh: new access token, refresh token stays valid.
        using var refreshed = await flow.RefreshAsync(refresh, basicAuth);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        using var refreshedJson = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync());
        var access2 = refreshedJson.RootElement.GetProperty("access_token").GetString()!;
        Assert.NotEqual(access, access2);
        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(refresh, basicAuth)).StatusCode);

        // 6. Revoke the refresh token: the linking ends, every access token is refused with invalid_token.
        using var revoke = await flow.RevokeAsync(refresh, basicAuth);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        foreach (var token in new[] { access, access2 })
        {
            using var denied = await flow.WhoAmIAsync(token);
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
            Assert.Equal("Bearer error=\"invalid_token\"", denied.Headers.WwwAuthenticate.ToString());
        }

        using var deadRefresh = await flow.RefreshAsync(refresh, basicAuth);
        await AssertOAuthError(deadRefresh, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Revoking_an_access_token_revokes_only_that_token()
    {
        using var flow = new LinkingFlow(server);
        var (access, refresh) = await flow.LinkAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await flow.RevokeAsync(access)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.WhoAmIAsync(access)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(refresh)).StatusCode);
    }

    [Fact]
    public async Task Revoking_an_unknown_token_is_not_an_error() =>
        Assert.Equal(HttpStatusCode.OK, (await new LinkingFlow(server).RevokeAsync("not-a-token")).StatusCode);

    [Fact]
    public async Task Sandbox_redirect_uri_is_accepted()
    {
        using var flow = new LinkingFlow(server);
        await flow.SignInAsync(email);
        var redirect = await flow.ConsentAsync(LinkingFlow.AuthorizeUrl(redirectUri: ServerInstance.SandboxRedirectUri));
        Assert.StartsWith(ServerInstance.SandboxRedirectUri + "?code=", redirect.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deny_redirects_with_access_denied_and_state()
    {
        using var flow = new LinkingFlow(server);
        await flow.SignInAsync(email);
        var redirect = await flow.ConsentAsync(LinkingFlow.AuthorizeUrl(state: "s1"), decision: "deny");
        var query = QueryHelpers.ParseQuery(redirect.Query);
        Assert.Equal("access_denied", query["error"].ToString());
        Assert.Equal("s1", query["state"].ToString());
        Assert.False(query.ContainsKey("code"));
    }

    [Theory]
    [InlineData("https://oauth-redirect.googleusercontent.com/r/test-project/")]
    [InlineData("https://oauth-redirect.googleusercontent.com/r/test-project-evil")]
    [InlineData("https://OAUTH-REDIRECT.googleusercontent.com/r/test-project")]
    [InlineData("http://oauth-redirect.googleusercontent.com/r/test-project")]
    [InlineData("https://evil.example.com/r/test-project")]
    public async Task Redirect_uri_must_match_exactly_and_is_never_followed(string redirectUri)
    {
        using var flow = new LinkingFlow(server);
        await flow.SignInAsync(email);
        using var response = await flow.Browser.GetAsync(new Uri(LinkingFlow.AuthorizeUrl(redirectUri: redirectUri), UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("redirect address does not match", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_client_shows_an_error_page_even_before_sign_in()
    {
        using var flow = new LinkingFlow(server);
        using var response = await flow.Browser.GetAsync(new Uri(LinkingFlow.AuthorizeUrl(clientId: "someone-else"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Wrong_response_type_redirects_with_error_and_unchanged_state()
    {
        using var flow = new LinkingFlow(server);
        using var response = await flow.Browser.GetAsync(new Uri(LinkingFlow.AuthorizeUrl(state: "keep me", responseType: "token"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.Equal("unsupported_response_type", query["error"].ToString());
        Assert.Equal("keep me", query["state"].ToString());
    }

    [Fact]
    public async Task Pkce_S256_round_trip_succeeds_and_a_wrong_or_missing_verifier_fails()
    {
        const string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        var challenge = PkceChallenge.For(verifier);
        using var flow = new LinkingFlow(server);

        var good = await flow.GetCodeAsync(email, challenge);
        Assert.Equal(HttpStatusCode.OK, (await flow.ExchangeAsync(good, verifier: verifier)).StatusCode);

        var wrong = await flow.GetCodeAsync(email, challenge);
        await AssertOAuthError(await flow.ExchangeAsync(wrong, verifier: verifier.Replace('d', 'e')), HttpStatusCode.BadRequest, "invalid_grant");

        var missing = await flow.GetCodeAsync(email, challenge);
        await AssertOAuthError(await flow.ExchangeAsync(missing), HttpStatusCode.BadRequest, "invalid_request");
        // A failed verification burns the code: no second guess.
        await AssertOAuthError(await flow.ExchangeAsync(wrong, verifier: verifier), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Plain_pkce_method_is_refused_by_redirect()
    {
        using var flow = new LinkingFlow(server);
        var url = LinkingFlow.AuthorizeUrl(codeChallenge: "x".PadRight(43, 'x')).Replace("S256", "plain", StringComparison.Ordinal);
        using var response = await flow.Browser.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal("invalid_request", QueryHelpers.ParseQuery(response.Headers.Location!.Query)["error"].ToString());
    }

    [Fact]
    public async Task Replayed_code_fails_and_revokes_every_token_issued_from_it()
    {
        using var flow = new LinkingFlow(server);
        var code = await flow.GetCodeAsync(email);
        using var first = await flow.ExchangeAsync(code);
        using var json = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        var access = json.RootElement.GetProperty("access_token").GetString()!;
        var refresh = json.RootElement.GetProperty("refresh_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await flow.WhoAmIAsync(access)).StatusCode);

        await AssertOAuthError(await flow.ExchangeAsync(code), HttpStatusCode.BadRequest, "invalid_grant");

        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.WhoAmIAsync(access)).StatusCode);
        await AssertOAuthError(await flow.RefreshAsync(refresh), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Concurrent_redemptions_of_one_code_let_exactly_one_succeed()
    {
        using var flow = new LinkingFlow(server);
        var code = await flow.GetCodeAsync(email);
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => flow.ExchangeAsync(code)));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Redirect_uri_at_the_token_endpoint_must_equal_the_authorization_request()
    {
        using var flow = new LinkingFlow(server);
        var code = await flow.GetCodeAsync(email);
        await AssertOAuthError(await flow.ExchangeAsync(code, redirectUri: ServerInstance.SandboxRedirectUri), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Wrong_client_secret_is_invalid_client_with_401()
    {
        using var flow = new LinkingFlow(server);
        var code = await flow.GetCodeAsync(email);
        using var basic = await flow.ExchangeAsync(code, secret: "wrong-secret-wrong-secret");
        await AssertOAuthError(basic, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.StartsWith("Basic", basic.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await AssertOAuthError(await flow.ExchangeAsync(code, basicAuth: false, secret: ""), HttpStatusCode.Unauthorized, "invalid_client");
        // The code was not consumed by an unauthenticated request.
        Assert.Equal(HttpStatusCode.OK, (await flow.ExchangeAsync(code)).StatusCode);
    }

    [Fact]
    public async Task Token_endpoint_errors_follow_RFC_6749_section_5_2()
    {
        using var flow = new LinkingFlow(server);
        await AssertOAuthError(await flow.PostTokenAsync(new() { ["grant_type"] = "password", ["username"] = "x" }), HttpStatusCode.BadRequest, "unsupported_grant_type");
        await AssertOAuthError(await flow.PostTokenAsync(new() { ["grant_type"] = "authorization_code" }), HttpStatusCode.BadRequest, "invalid_request");
        await AssertOAuthError(await flow.PostTokenAsync(new() { ["code"] = "x" }), HttpStatusCode.BadRequest, "invalid_request");
        await AssertOAuthError(await flow.PostTokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = "nope", ["redirect_uri"] = ServerInstance.RedirectUri }), HttpStatusCode.BadRequest, "invalid_grant");
        await AssertOAuthError(await flow.PostTokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = "nope" }), HttpStatusCode.BadRequest, "invalid_grant");

        using var json = await flow.Backend.PostAsync(new Uri("/oauth/token", UriKind.Relative), new StringContent("{\"grant_type\":\"refresh_token\"}", System.Text.Encoding.UTF8, "application/json"));
        await AssertOAuthError(json, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Bearer_scheme_answers_401_invalid_token_for_missing_unknown_or_malformed_tokens()
    {
        using var flow = new LinkingFlow(server);
        using (var none = await flow.Backend.GetAsync(new Uri("/oauth/account", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("Bearer error=\"invalid_token\"", none.Headers.WwwAuthenticate.ToString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.WhoAmIAsync("unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.WhoAmIAsync(new string('x', 5000))).StatusCode);
    }

    [Fact]
    public async Task Form_posts_without_antiforgery_token_are_rejected()
    {
        using var flow = new LinkingFlow(server);
        await flow.SignInAsync(email);
        var page = await flow.Browser.GetStringAsync(new Uri(LinkingFlow.AuthorizeUrl(), UriKind.Relative));
        var fields = HtmlForm.Inputs(page, "name=\"decision\"");
        fields.Remove("__RequestVerificationToken");
        fields["decision"] = "allow";
        using var consent = await flow.Browser.PostAsync(new Uri("/oauth/authorize", UriKind.Relative), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, consent.StatusCode);
        Assert.Null(consent.Headers.Location);

        using var fresh = new LinkingFlow(server);
        using var login = await fresh.Browser.PostAsync(
            new Uri("/account/login", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = TestAccounts.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
    }

    [Fact]
    public async Task Nothing_secret_reaches_the_logs()
    {
        using var flow = new LinkingFlow(server);
        var code = await flow.GetCodeAsync(email);
        using var exchange = await flow.ExchangeAsync(code);
        using var json = JsonDocument.Parse(await exchange.Content.ReadAsStringAsync());
        var access = json.RootElement.GetProperty("access_token").GetString()!;
        var refresh = json.RootElement.GetProperty("refresh_token").GetString()!;
        await flow.RefreshAsync(refresh);
        await flow.ExchangeAsync(code); // replay, logged as a warning

        var logs = server.Logs.AllText;
        Assert.Contains("HTTP POST /oauth/token", logs, StringComparison.Ordinal);
        foreach (var secret in new[] { TestAccounts.Password, code, access, refresh, ServerInstance.ClientSecret })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    internal static async Task AssertOAuthError(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }
}
