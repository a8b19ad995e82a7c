using System.Net;
using System.Net.Http.Headers;
using SmartHomeCam.GoogleSim;

namespace SmartHomeCam.Testing;

/// <summary>
/// Google's side of account linking against a <see cref="ServerInstance"/>, one HTTP hop at a time: a thin layer over
/// SmartHomeCam.GoogleSim's <see cref="AccountLinkingClient"/> with the test client's credentials and test-friendly failures.
/// </summary>
public sealed class LinkingFlow : IDisposable
{
    private readonly ServerInstance server;
    private readonly AccountLinkingClient client;

    public LinkingFlow(ServerInstance server)
    {
        ArgumentNullException.ThrowIfNull(server);
        this.server = server;
        Browser = server.CreateClient();
        Backend = server.CreateClient();
        client = new AccountLinkingClient(Browser, Backend, Credentials);
    }

    /// <summary>The linking client every test server registers (see <see cref="ServerInstance"/>).</summary>
    public static GoogleClientCredentials Credentials { get; } = new(ServerInstance.ClientId, ServerInstance.ClientSecret, ServerInstance.RedirectUri);

    public HttpClient Browser { get; }

    public HttpClient Backend { get; }

    public static string AuthorizeUrl(
        string state = "st-123", string redirectUri = ServerInstance.RedirectUri, string clientId = ServerInstance.ClientId,
        string responseType = "code", string? codeChallenge = null) =>
        AccountLinkingClient.BuildAuthorizeUrl(clientId, redirectUri, state, scope: "cameras", codeChallenge, responseType);

    /// <summary>Signs in through the real sign-in form, as a browser would.</summary>
    public async Task SignInAsync(string email, string password = TestAccounts.Password, string returnUrl = "/")
    {
        var page = new Uri(AccountLinkingClient.SignInPath + "?ReturnUrl=" + Uri.EscapeDataString(returnUrl), UriKind.Relative);
        var hop = await client.SignInAsync(email, password, page).ConfigureAwait(false);
        if (hop.Status != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in failed: {(int)hop.Status} {hop.Body}");
        }
    }

    /// <summary>Signed in: loads the consent page for <paramref name="authorizeUrl"/> and presses a button; returns the redirect.</summary>
    public async Task<Uri> ConsentAsync(string authorizeUrl, string decision = "allow")
    {
        var hop = await client.ConsentAsync(authorizeUrl, decision).ConfigureAwait(false);
        return hop.Status == HttpStatusCode.Redirect && hop.Location is not null
            ? hop.Location
            : throw new InvalidOperationException($"Consent did not redirect: {(int)hop.Status}");
    }

    /// <summary>The whole browser part: sign in, consent, return the one-time code.</summary>
    public async Task<string> GetCodeAsync(string email, string? codeChallenge = null, string state = "st-123")
    {
        if (!client.SignedIn)
        {
            await SignInAsync(email).ConfigureAwait(false);
        }

        var redirect = await ConsentAsync(AuthorizeUrl(state: state, codeChallenge: codeChallenge)).ConfigureAwait(false);
        return AuthorizationRedirect.Parse(redirect).Code ?? "";
    }

    public Task<HttpResponseMessage> ExchangeAsync(
        string code, bool basicAuth = true, string? verifier = null, string redirectUri = ServerInstance.RedirectUri,
        string secret = ServerInstance.ClientSecret) =>
        client.ExchangeCodeAsync(code, Auth(basicAuth), verifier, redirectUri, secret);

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken, bool basicAuth = true) =>
        client.RefreshAsync(refreshToken, Auth(basicAuth));

    public Task<HttpResponseMessage> RevokeAsync(string token, bool basicAuth = true) =>
        client.RevokeAsync(token, Auth(basicAuth));

    public Task<HttpResponseMessage> PostTokenAsync(Dictionary<string, string?> form, bool basicAuth = true, string secret = ServerInstance.ClientSecret) =>
        client.PostTokenAsync(form, Auth(basicAuth), secret);

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
        var tokens = await TokenSet.ReadAsync(response).ConfigureAwait(false);
        if (tokens?.RefreshToken is null)
        {
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"Token exchange failed: {(int)response.StatusCode} {body}\n{server.Logs.AllText}");
        }

        return (tokens.AccessToken, tokens.RefreshToken);
    }

    public void Dispose()
    {
        client.Dispose();
        Browser.Dispose();
        Backend.Dispose();
    }

    private static ClientAuthentication Auth(bool basic) => basic ? ClientAuthentication.Basic : ClientAuthentication.Body;
}
