using SmartHomeCam.Server.Cli.GoogleSim;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace SmartHomeCam.Testing;

/// <summary>Plays Google's side of account linking against a <see cref="ServerInstance"/>, one HTTP hop at a time.</summary>
public sealed class LinkingFlow(ServerInstance server) : IDisposable
{
    private bool signedIn;

    public HttpClient Browser { get; } = server.CreateClient();

    public HttpClient Backend { get; } = server.CreateClient();

    public static string AuthorizeUrl(
        string state = "st-123", string redirectUri = ServerInstance.RedirectUri, string clientId = ServerInstance.ClientId,
        string responseType = "code", string? codeChallenge = null) =>
        QueryHelpers.AddQueryString("/oauth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = responseType,
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["state"] = state,
            ["scope"] = "cameras",
            ["user_locale"] = "en-US",
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = codeChallenge is null ? null : "S256",
        }.Where(kv => kv.Value is not null));

    /// <summary>Signs in through the real sign-in form, as a browser would.</summary>
    public async Task SignInAsync(string email, string password = TestAccounts.Password, string returnUrl = "/")
    {
        var page = await Browser.GetStringAsync(new Uri("/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), UriKind.Relative)).ConfigureAwait(false);
        var fields = HtmlForm.Inputs(page);
        fields["Email"] = email;
        fields["Password"] = password;
        using var response = await Browser.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(fields)).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }

        signedIn = true;
    }

    /// <summary>Signed in: loads the consent page for <paramref name="authorizeUrl"/> and presses a button; returns the redirect.</summary>
    public async Task<Uri> ConsentAsync(string authorizeUrl, string decision = "allow")
    {
        var page = await Browser.GetStringAsync(new Uri(authorizeUrl, UriKind.Relative)).ConfigureAwait(false);
        var fields = HtmlForm.Inputs(page, "name=\"decision\"");
        fields["decision"] = decision;
        using var response = await Browser.PostAsync(new Uri("/oauth/authorize", UriKind.Relative), new FormUrlEncodedContent(fields)).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is null)
        {
            throw new InvalidOperationException($"Consent did not redirect: {(int)response.StatusCode}");
        }

        return response.Headers.Location;
    }

    /// <summary>The whole browser part: sign in, consent, return the one-time code.</summary>
    public async Task<string> GetCodeAsync(string email, string? codeChallenge = null, string state = "st-123")
    {
        if (!signedIn)
        {
            await SignInAsync(email).ConfigureAwait(false);
        }

        var redirect = await ConsentAsync(AuthorizeUrl(state: state, codeChallenge: codeChallenge)).ConfigureAwait(false);
        return QueryHelpers.ParseQuery(redirect.Query)["code"].ToString();
    }

    public Task<HttpResponseMessage> ExchangeAsync(
        string code, bool basicAuth = true, string? verifier = null, string redirectUri = ServerInstance.RedirectUri,
        string secret = ServerInstance.ClientSecret) =>
        PostTokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
        }, basicAuth, secret);

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken, bool basicAuth = true) =>
        PostTokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, basicAuth);

    public Task<HttpResponseMessage> RevokeAsync(string token, bool basicAuth = true) =>
        PostAsync("/oauth/revoke", new() { ["token"] = token }, basicAuth, ServerInstance.ClientSecret);

    public Task<HttpResponseMessage> PostTokenAsync(Dictionary<string, string?> form, bool basicAuth = true, string secret = ServerInstance.ClientSecret) =>
        PostAsync("/oauth/token", form, basicAuth, secret);

    /// <summary>Calls a bearer-protected endpoint with an access token.</summary>
    public async Task<HttpResponseMessage> WhoAmIAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/oauth/account", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await Backend.SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>Code → tokens, end to end; returns (access, refresh).</summary>
    public async Task<(string Access, string Refresh)> LinkAsync(string email)
    {
        var code = await GetCodeAsync(email).ConfigureAwait(false);
        using var response = await ExchangeAsync(code).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Token exchange failed: {(int)response.StatusCode} {body}\n{server.Logs.AllText}");
        }

        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("access_token").GetString()!, json.RootElement.GetProperty("refresh_token").GetString()!);
    }

    public void Dispose()
    {
        Browser.Dispose();
        Backend.Dispose();
    }

    private async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string?> form, bool basicAuth, string secret)
    {
        var fields = form.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        if (basicAuth)
        {
            var raw = $"{Uri.EscapeDataString(ServerInstance.ClientId)}:{Uri.EscapeDataString(secret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        }
        else
        {
            fields["client_id"] = ServerInstance.ClientId;
            fields["client_secret"] = secret;
        }

        request.Content = new FormUrlEncodedContent(fields);
        return await Backend.SendAsync(request).ConfigureAwait(false);
    }
}
