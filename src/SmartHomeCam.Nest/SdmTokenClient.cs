using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Nest;

/// <summary>Google's OAuth token endpoint (spec §1): the code exchange after consent, and refreshes.</summary>
public sealed class SdmTokenClient(IHttpClientFactory httpFactory, IOptions<SdmOptions> options, TimeProvider clock)
{
    public Task<SdmTokens> ExchangeCodeAsync(string code, string redirectUri, string? codeVerifier, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
        };
        if (codeVerifier is not null)
        {
            form["code_verifier"] = codeVerifier;
        }

        return PostAsync(form, "Exchanging the Nest authorization code", cancellationToken);
    }

    public Task<SdmTokens> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        PostAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken },
            "Refreshing the Nest access token", cancellationToken);

    private async Task<SdmTokens> PostAsync(Dictionary<string, string> form, string what, CancellationToken cancellationToken)
    {
        var o = options.Value;
        form["client_id"] = o.ClientId;
        form["client_secret"] = o.ClientSecret;
        var http = httpFactory.CreateClient(SdmHttp.OAuthClient);
        HttpResponseMessage response;
        try
        {
            using var content = new FormUrlEncodedContent(form);
            response = await http.PostAsync(o.TokenUrl, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                       or Polly.CircuitBreaker.BrokenCircuitException)
        {
            throw SdmHttp.Unreachable(what, e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await SdmHttp.ErrorAsync(response, what, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                var access = root.GetProperty("access_token").GetString();
                if (string.IsNullOrEmpty(access))
                {
                    throw new SdmApiException($"{what}: the answer carried no access token.");
                }

                var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 3600;
                var refresh = root.TryGetProperty("refresh_token", out var r) ? r.GetString() : null;
                return new SdmTokens(access, clock.GetUtcNow().AddSeconds(lifetime), refresh);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new SdmApiException($"{what}: the answer is not a token response.", e);
            }
        }
    }
}
