using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace SmartHomeCam.GoogleSim;

/// <summary>
/// Google's side of OAuth 2.0 account linking (authorization-code grant, RFC 6749 §4.1; PKCE, RFC 7636, optional):
/// the user's browser walks authorize → sign-in → consent one hop at a time, and Google's backend redeems the code,
/// refreshes and revokes with HTTP Basic or body client credentials.
/// </summary>
public sealed class AccountLinkingClient : IDisposable
{
    public const string AuthorizePath = "/oauth/authorize";
    public const string TokenPath = "/oauth/token";
    public const string RevokePath = "/oauth/revoke";
    public const string SignInPath = "/account/login";

    private readonly bool ownsClients;

    /// <summary>Uses the caller's clients (the browser must keep cookies; neither may follow redirects).</summary>
    public AccountLinkingClient(HttpClient browser, HttpClient backend, GoogleClientCredentials client)
    {
        Browser = browser ?? throw new ArgumentNullException(nameof(browser));
        Backend = backend ?? throw new ArgumentNullException(nameof(backend));
        Client = client ?? throw new ArgumentNullException(nameof(client));
    }

    /// <summary>Creates (and disposes) its own browser and backend clients for <paramref name="baseUrl"/>.</summary>
    public AccountLinkingClient(Uri baseUrl, GoogleClientCredentials client)
        : this(GoogleHttp.Browser(baseUrl), GoogleHttp.Backend(baseUrl), client) => ownsClients = true;

    public HttpClient Browser { get; }

    public HttpClient Backend { get; }

    public GoogleClientCredentials Client { get; }

    /// <summary>True once the browser holds a sign-in session.</summary>
    public bool SignedIn { get; private set; }

    /// <summary>The relative authorization URL Google opens in the user's browser (null parameters are left out).</summary>
    public static string BuildAuthorizeUrl(
        string clientId, string redirectUri, string state, string? scope = null, string? codeChallenge = null, string responseType = "code") =>
        QueryHelpers.AddQueryString(AuthorizePath, new Dictionary<string, string?>
        {
            ["response_type"] = responseType,
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["state"] = state,
            ["scope"] = scope,
            ["user_locale"] = "en-US",
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = codeChallenge is null ? null : "S256",
        }.Where(kv => kv.Value is not null));

    /// <summary>This client's authorization URL.</summary>
    public string AuthorizeUrl(string state, string? scope = null, string? codeChallenge = null) =>
        BuildAuthorizeUrl(Client.ClientId, Client.RedirectUri, state, scope, codeChallenge);

    /// <summary>One browser GET, redirects not followed.</summary>
    public async Task<BrowserHop> GetAsync(Uri url)
    {
        using var response = await Browser.GetAsync(url).ConfigureAwait(false);
        return await HopAsync(response).ConfigureAwait(false);
    }

    /// <summary>Opens the sign-in page (by default the plain one) and submits its form with the account's credentials.</summary>
    public async Task<BrowserHop> SignInAsync(string email, string password, Uri? signInPage = null)
    {
        var page = Absolute(signInPage ?? new Uri(SignInPath + "?ReturnUrl=%2F", UriKind.Relative));
        var html = await Browser.GetStringAsync(page).ConfigureAwait(false);
        var fields = HtmlForm.Inputs(html);
        fields["Email"] = email;
        fields["Password"] = password;
        using var response = await Browser.PostAsync(HtmlForm.Target(html, page), new FormUrlEncodedContent(fields)).ConfigureAwait(false);
        var hop = await HopAsync(response).ConfigureAwait(false);
        SignedIn |= hop.IsRedirect;
        return hop;
    }

    /// <summary>Signed in: loads the consent page of <paramref name="authorizeUrl"/> and presses the button named <paramref name="decision"/>.</summary>
    public async Task<BrowserHop> ConsentAsync(string authorizeUrl, string decision = "allow")
    {
        var page = Absolute(new Uri(authorizeUrl, UriKind.RelativeOrAbsolute));
        var html = await Browser.GetStringAsync(page).ConfigureAwait(false);
        const string marker = "name=\"decision\"";
        var fields = HtmlForm.Inputs(html, marker);
        fields["decision"] = decision;
        using var response = await Browser.PostAsync(HtmlForm.Target(html, page, marker), new FormUrlEncodedContent(fields)).ConfigureAwait(false);
        return await HopAsync(response).ConfigureAwait(false);
    }

    /// <summary>The browser part: signs in (once), consents, and returns the redirect's one-time code.</summary>
    public async Task<string> GetCodeAsync(string email, string password, string state, string? codeChallenge = null, string? scope = null)
    {
        if (!SignedIn)
        {
            var signIn = await SignInAsync(email, password).ConfigureAwait(false);
            if (!signIn.IsRedirect)
            {
                throw new InvalidOperationException($"Sign-in failed: HTTP {(int)signIn.Status} {signIn.Body}");
            }
        }

        var consent = await ConsentAsync(AuthorizeUrl(state, scope, codeChallenge)).ConfigureAwait(false);
        if (!consent.IsRedirect || consent.Location is null)
        {
            throw new InvalidOperationException($"Consent did not redirect: HTTP {(int)consent.Status}");
        }

        return AuthorizationRedirect.Parse(consent.Location).Code
            ?? throw new InvalidOperationException($"Consent redirected without a code: {consent.Location}");
    }

    /// <summary>Sign-in, consent and code exchange (with PKCE when <paramref name="pkce"/> is given); the tokens, or an exception naming the failed hop.</summary>
    public async Task<TokenSet> LinkAsync(
        string email, string password, string state = "link", ClientAuthentication authentication = ClientAuthentication.Basic, PkcePair? pkce = null)
    {
        var code = await GetCodeAsync(email, password, state, pkce?.Challenge).ConfigureAwait(false);
        using var response = await ExchangeCodeAsync(code, authentication, pkce?.Verifier).ConfigureAwait(false);
        return await TokenSet.ReadAsync(response).ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                $"Token exchange failed: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
    }

    /// <summary>Redeems an authorization code; <paramref name="codeVerifier"/> when the request carried a PKCE challenge.</summary>
    public Task<HttpResponseMessage> ExchangeCodeAsync(
        string code, ClientAuthentication authentication = ClientAuthentication.Basic, string? codeVerifier = null,
        string? redirectUri = null, string? clientSecret = null) =>
        PostTokenAsync(new Dictionary<string, string?>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri ?? Client.RedirectUri,
            ["code_verifier"] = codeVerifier,
        }, authentication, clientSecret);

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken, ClientAuthentication authentication = ClientAuthentication.Basic) =>
        PostTokenAsync(new Dictionary<string, string?> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, authentication);

    /// <summary>RFC 7009 revocation of an access or refresh token.</summary>
    public Task<HttpResponseMessage> RevokeAsync(string token, ClientAuthentication authentication = ClientAuthentication.Basic) =>
        PostClientFormAsync(RevokePath, new Dictionary<string, string?> { ["token"] = token }, authentication);

    /// <summary>Any token request; null values are left out of the form.</summary>
    public Task<HttpResponseMessage> PostTokenAsync(
        IReadOnlyDictionary<string, string?> form, ClientAuthentication authentication = ClientAuthentication.Basic, string? clientSecret = null) =>
        PostClientFormAsync(TokenPath, form, authentication, clientSecret);

    /// <summary>A form POST from Google's backend, authenticated as the client (a different secret to test refusals).</summary>
    public async Task<HttpResponseMessage> PostClientFormAsync(
        string path, IReadOnlyDictionary<string, string?> form, ClientAuthentication authentication, string? clientSecret = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var secret = clientSecret ?? Client.ClientSecret;
        var fields = form.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.RelativeOrAbsolute));
        if (authentication == ClientAuthentication.Basic)
        {
            // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.
            var raw = $"{Uri.EscapeDataString(Client.ClientId)}:{Uri.EscapeDataString(secret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        }
        else
        {
            fields["client_id"] = Client.ClientId;
            fields["client_secret"] = secret;
        }

        request.Content = new FormUrlEncodedContent(fields);
        return await Backend.SendAsync(request).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (ownsClients)
        {
            Browser.Dispose();
            Backend.Dispose();
        }
    }

    private Uri Absolute(Uri url) =>
        url.IsAbsoluteUri ? url : new Uri(Browser.BaseAddress ?? throw new InvalidOperationException("The browser client needs a BaseAddress."), url);

    private static async Task<BrowserHop> HopAsync(HttpResponseMessage response) =>
        new(response.StatusCode, response.Headers.Location, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
}
