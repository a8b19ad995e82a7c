using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.NestLegacy.Auth;

/// <summary>
/// Runs the logins of spec §1 against the configured hosts and turns every failure into a sentence the owner
/// can act on. Holds no state; <see cref="NestTokenCache"/> keeps the results.
/// </summary>
public sealed class NestAuthenticator(IHttpClientFactory httpClients, IOptions<NestLegacyOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "NestLegacy";
    private static readonly TimeSpan JwtLifetime = TimeSpan.FromHours(1);

    public Task<NestToken> LoginAsync(NestLegacyCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return credentials.Kind == NestAuthKind.GoogleCookie
            ? GoogleAsync(credentials, cancellationToken)
            : NestSessionAsync(credentials, cancellationToken);
    }

    /// <summary>Refuses issueToken URLs that do not point at an allowed Google host (the server would send the cookie there).</summary>
    public Uri CheckIssueTokenUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new NestAuthException("The issueToken URL is not a URL: copy the whole address of the 'iframerpc?action=issueToken' request.") { CredentialRejected = true };
        }

        if (!options.Value.IssueTokenHosts.Any(h => string.Equals(h, uri.Authority, StringComparison.OrdinalIgnoreCase) || string.Equals(h, uri.Host, StringComparison.OrdinalIgnoreCase)))
        {
            throw new NestAuthException($"The issueToken URL must point at {string.Join(" or ", options.Value.IssueTokenHosts)}, not {uri.Host}.") { CredentialRejected = true };
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            throw new NestAuthException("The issueToken URL must use https.") { CredentialRejected = true };
        }

        if (!uri.Query.Contains("action=issueToken", StringComparison.Ordinal))
        {
            throw new NestAuthException("That is not the issueToken URL: it must contain 'action=issueToken'.") { CredentialRejected = true };
        }

        return uri;
    }

    private async Task<NestToken> GoogleAsync(NestLegacyCredentials credentials, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var issueTokenUrl = CheckIssueTokenUrl(credentials.IssueTokenUrl?.ToString());
        var http = httpClients.CreateClient(HttpClientName);

        // Step 2 (spec §1a): the browser session's cookie buys a Google access token.
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, issueTokenUrl);
        tokenRequest.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", "cors");
        tokenRequest.Headers.TryAddWithoutValidation("User-Agent", o.UserAgent);
        tokenRequest.Headers.TryAddWithoutValidation("X-Requested-With", "XmlHttpRequest");
        tokenRequest.Headers.TryAddWithoutValidation("Referer", "https://accounts.google.com/o/oauth2/iframe");
        tokenRequest.Headers.TryAddWithoutValidation("Cookie", credentials.Secret);
        using var tokenJson = await SendAsync(http, tokenRequest, "Google", GoogleSessionEnded, cancellationToken).ConfigureAwait(false);
        if (tokenJson.RootElement.TryGetProperty("error", out _) || !TryString(tokenJson.RootElement, "access_token", out var accessToken))
        {
            throw new NestAuthException(GoogleSessionEnded) { CredentialRejected = true };
        }

        // Step 3: the access token buys a Nest JWT. Referer is the ss_domain of the issueToken URL.
        using var jwtRequest = new HttpRequestMessage(HttpMethod.Post, o.IssueJwtUrl);
        jwtRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        jwtRequest.Headers.TryAddWithoutValidation("User-Agent", o.UserAgent);
        jwtRequest.Headers.TryAddWithoutValidation("Referer", SsDomain(issueTokenUrl) ?? o.Referer);
        var apiKey = string.IsNullOrWhiteSpace(credentials.ApiKey) ? o.ApiKey : credentials.ApiKey;
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            jwtRequest.Headers.TryAddWithoutValidation("x-goog-api-key", apiKey);
        }

        jwtRequest.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["embed_google_oauth_access_token"] = "true",
            ["expire_after"] = "3600s",
            ["google_oauth_access_token"] = accessToken,
            ["policy_id"] = "authproxy-oauth-policy",
        });
        using var jwtJson = await SendAsync(http, jwtRequest, "Nest", "Nest refused the Google sign-in: check the API key, or paste a fresh cookie and issueToken URL.", cancellationToken).ConfigureAwait(false);
        if (!TryString(jwtJson.RootElement, "jwt", out var jwt))
        {
            throw new NestAuthException("Nest did not issue a token for this Google account: is it the account of the Nest app?") { CredentialRejected = true };
        }

        return new NestToken(NestAuthKind.GoogleCookie, jwt, clock.GetUtcNow() + JwtLifetime);
    }

    private async Task<NestToken> NestSessionAsync(NestLegacyCredentials credentials, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var http = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, o.NestLoginUrl);
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + credentials.Secret);
        request.Headers.TryAddWithoutValidation("User-Agent", o.UserAgent);
        request.Headers.TryAddWithoutValidation("Referer", o.Referer);
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = credentials.Secret });
        using var json = await SendAsync(http, request, "Nest", NestTokenRefused, cancellationToken).ConfigureAwait(false);
        if (json.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0 &&
            TryString(items[0], "session_token", out var sessionToken))
        {
            // The session token's lifetime is not stated; treat it like a JWT and log in again hourly (as homebridge does).
            return new NestToken(NestAuthKind.NestSession, sessionToken, clock.GetUtcNow() + JwtLifetime);
        }

        throw new NestAuthException(NestTokenRefused) { CredentialRejected = true };
    }

    private const string GoogleSessionEnded = "Google session ended: sign in again at home.nest.com and paste a fresh cookie and issueToken URL.";
    private const string NestTokenRefused = "Nest did not accept the Nest access token: sign in at home.nest.com/session again and paste the new access_token.";

    private static async Task<JsonDocument> SendAsync(HttpClient http, HttpRequestMessage request, string who, string refused, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            throw new NestAuthException($"Cannot reach {who} to sign in ({e.GetType().Name}); check the network and try again.", e);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
            {
                throw new NestAuthException(refused) { CredentialRejected = true };
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new NestAuthException($"{who} answered HTTP {(int)response.StatusCode} to the sign-in; try again later.");
            }

            try
            {
                return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), default, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new NestAuthException($"{who} answered the sign-in with something that is not JSON: has its API changed?", e);
            }
        }
    }

    private static bool TryString(JsonElement element, string name, out string value)
    {
        value = element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() ?? "" : "";
        return value.Length > 0;
    }

    private static string? SsDomain(Uri issueTokenUrl)
    {
        foreach (var pair in issueTokenUrl.Query.TrimStart('?').Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq] == "ss_domain")
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return null;
    }
}
