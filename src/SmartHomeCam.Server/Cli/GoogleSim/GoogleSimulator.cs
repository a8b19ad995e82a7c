using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace SmartHomeCam.Server.Cli.GoogleSim;

/// <summary>Google's part, end to end, against a deployment: account linking, tokens, every intent, the stream URL.</summary>
public sealed class GoogleSimulator(Uri baseUrl, SimSettings settings, GoogleSchemas? schemas, SimReport report) : IDisposable
{
    private readonly HttpClient browser = NewClient(baseUrl, useCookies: true);
    private readonly HttpClient backend = NewClient(baseUrl, useCookies: false);

    public async Task RunAsync()
    {
        var tokens = await LinkAsync().ConfigureAwait(false);
        if (tokens is null)
        {
            return;
        }

        var (access, refresh) = tokens.Value;
        using (var refreshed = await PostTokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh }).ConfigureAwait(false))
        {
            var json = await ReadJsonAsync(refreshed).ConfigureAwait(false);
            var newAccess = json?.TryGetProperty("access_token", out var a) == true ? a.GetString() : null;
            if (report.Check("token: refresh grant issues a new access token", refreshed.StatusCode == HttpStatusCode.OK && newAccess is not null && newAccess != access, $"HTTP {(int)refreshed.StatusCode}"))
            {
                access = newAccess!;
            }
        }

        var (badStatus, _) = await FulfillAsync("""{"requestId":"sim-0","inputs":[{"intent":"action.devices.SYNC"}]}""", "not-a-valid-token").ConfigureAwait(false);
        report.Check("fulfillment: unknown bearer token gets HTTP 401", badStatus == 401, $"HTTP {badStatus}");

        var devices = await SyncAsync(access).ConfigureAwait(false);
        if (devices.Count > 0)
        {
            await QueryAsync(access, devices).ConfigureAwait(false);
            await ExecuteAsync(access, devices[0]).ConfigureAwait(false);
        }
        else
        {
            report.Skip("QUERY / EXECUTE / stream", "SYNC listed no camera");
        }

        var (status, body) = await FulfillAsync("""{"requestId":"sim-disconnect","inputs":[{"intent":"action.devices.DISCONNECT"}]}""", access).ConfigureAwait(false);
        report.Check("DISCONNECT answers {}", status == 200 && body.Trim() == "{}", $"HTTP {status}: {Short(body)}");
        var (after, _) = await FulfillAsync("""{"requestId":"sim-after","inputs":[{"intent":"action.devices.SYNC"}]}""", access).ConfigureAwait(false);
        report.Check("after DISCONNECT the access token is refused (401)", after == 401, $"HTTP {after}");
    }

    public void Dispose()
    {
        browser.Dispose();
        backend.Dispose();
    }

    private async Task<(string Access, string Refresh)?> LinkAsync()
    {
        var state = "sim-" + Guid.NewGuid().ToString("N")[..8];
        var authorize = QueryHelpers.AddQueryString("/oauth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = settings.ClientId,
            ["redirect_uri"] = settings.RedirectUri,
            ["state"] = state,
            ["user_locale"] = "en-US",
        });
        using var first = await browser.GetAsync(new Uri(authorize, UriKind.Relative)).ConfigureAwait(false);
        var login = first.Headers.Location;
        if (!report.Check("authorize: unsigned user is sent to sign-in", first.StatusCode == HttpStatusCode.Redirect && login is not null, $"HTTP {(int)first.StatusCode}"))
        {
            return null;
        }

        var page = await browser.GetStringAsync(login).ConfigureAwait(false);
        var fields = HtmlForm.Inputs(page);
        fields["Email"] = settings.Email;
        fields["Password"] = settings.Password;
        using var signIn = await browser.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(fields)).ConfigureAwait(false);
        if (!report.Check("sign-in form accepts the account", signIn.StatusCode == HttpStatusCode.Redirect, $"HTTP {(int)signIn.StatusCode}"))
        {
            return null;
        }

        var (consentStatus, redirect) = await AllowAsync(authorize).ConfigureAwait(false);
        var query = redirect is null ? [] : QueryHelpers.ParseQuery(redirect.Query);
        var code = query.TryGetValue("code", out var c) ? c.ToString() : null;
        if (!report.Check("consent: Allow redirects to Google with code and unchanged state",
                redirect is not null && redirect.GetLeftPart(UriPartial.Path) == settings.RedirectUri && query.TryGetValue("state", out var s) && s == state && code is not null,
                $"HTTP {consentStatus} → {redirect}"))
        {
            return null;
        }

        using var exchange = await ExchangeCodeAsync(code!, basic: true).ConfigureAwait(false);
        var json = await ReadJsonAsync(exchange).ConfigureAwait(false);
        var ok = exchange.StatusCode == HttpStatusCode.OK && json is { } j &&
                 j.TryGetProperty("token_type", out var type) && type.GetString() == "Bearer" &&
                 j.TryGetProperty("access_token", out _) && j.TryGetProperty("refresh_token", out _) &&
                 j.TryGetProperty("expires_in", out var expires) && expires.ValueKind == JsonValueKind.Number &&
                 exchange.Headers.CacheControl?.NoStore == true;
        if (!report.Check("token: code exchange (HTTP Basic client auth) returns Bearer tokens with no-store", ok, $"HTTP {(int)exchange.StatusCode}"))
        {
            return null;
        }

        using var replay = await ExchangeCodeAsync(code!, basic: true).ConfigureAwait(false);
        var replayJson = await ReadJsonAsync(replay).ConfigureAwait(false);
        report.Check("token: a reused code is invalid_grant", replay.StatusCode == HttpStatusCode.BadRequest &&
                     replayJson?.TryGetProperty("error", out var e) == true && e.GetString() == "invalid_grant", $"HTTP {(int)replay.StatusCode}");

        // The replay revoked the first tokens (RFC 6749 §4.1.2): link once more for the intents.
        var second = await LinkAgainAsync(authorize.Replace(state, state + "b", StringComparison.Ordinal)).ConfigureAwait(false);
        return second;
    }

    private async Task<(string Access, string Refresh)?> LinkAgainAsync(string authorize)
    {
        var (_, redirect) = await AllowAsync(authorize).ConfigureAwait(false);
        var code = redirect is null ? "" : QueryHelpers.ParseQuery(redirect.Query)["code"].ToString();
        using var exchange = await ExchangeCodeAsync(code, basic: false).ConfigureAwait(false);
        var json = await ReadJsonAsync(exchange).ConfigureAwait(false);
        if (!report.Check("token: code exchange with client credentials in the body", exchange.StatusCode == HttpStatusCode.OK && json is not null, $"HTTP {(int)exchange.StatusCode}"))
        {
            return null;
        }

        return (json!.Value.GetProperty("access_token").GetString()!, json.Value.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>Loads the consent page for a signed-in user and presses Allow; returns the redirect, if any.</summary>
    private async Task<(int Status, Uri? Redirect)> AllowAsync(string authorize)
    {
        var page = await browser.GetStringAsync(new Uri(authorize, UriKind.Relative)).ConfigureAwait(false);
        var consent = HtmlForm.Inputs(page, "name=\"decision\"");
        consent["decision"] = "allow";
        using var allowed = await browser.PostAsync(new Uri("/oauth/authorize", UriKind.Relative), new FormUrlEncodedContent(consent)).ConfigureAwait(false);
        return ((int)allowed.StatusCode, allowed.Headers.Location);
    }

    private Task<HttpResponseMessage> ExchangeCodeAsync(string code, bool basic) =>
        PostTokenAsync(new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = settings.RedirectUri }, basic);

    private async Task<List<string>> SyncAsync(string access)
    {
        var (status, body) = await FulfillAsync("""{"requestId":"sim-sync","inputs":[{"intent":"action.devices.SYNC"}]}""", access).ConfigureAwait(false);
        var json = Parse(body);
        if (!report.Check("SYNC answers HTTP 200 with JSON", status == 200 && json is not null, $"HTTP {status}") || json is null)
        {
            return [];
        }

        CheckSchema("SYNC", json.Value);
        var payload = json.Value.GetProperty("payload");
        report.Check("SYNC echoes requestId and names an agentUserId", json.Value.GetProperty("requestId").GetString() == "sim-sync" && payload.TryGetProperty("agentUserId", out _));
        return payload.TryGetProperty("devices", out var devices)
            ? devices.EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToList()
            : [];
    }

    private async Task QueryAsync(string access, List<string> ids)
    {
        var request = JsonSerializer.Serialize(new
        {
            requestId = "sim-query",
            inputs = new[] { new { intent = "action.devices.QUERY", payload = new { devices = ids.Select(id => new { id }).ToArray() } } },
        });
        var (status, body) = await FulfillAsync(request, access).ConfigureAwait(false);
        var json = Parse(body);
        if (report.Check("QUERY answers HTTP 200 with JSON", status == 200 && json is not null, $"HTTP {status}") && json is not null)
        {
            CheckSchema("QUERY", json.Value);
            var answered = json.Value.GetProperty("payload").GetProperty("devices");
            report.Check("QUERY answers every SYNCed device", ids.All(id => answered.TryGetProperty(id, out _)));
        }
    }

    private async Task ExecuteAsync(string access, string id)
    {
        var request = $$$"""
            {"requestId":"sim-execute","inputs":[{"intent":"action.devices.EXECUTE","payload":{"commands":[{"devices":[{"id":"{{{id}}}"}],
             "execution":[{"command":"action.devices.commands.GetCameraStream","params":{"StreamToChromecast":true,"SupportedStreamProtocols":["hls"]}}]}]}}]}
            """;
        var (status, body) = await FulfillAsync(request, access).ConfigureAwait(false);
        var json = Parse(body);
        if (!report.Check("EXECUTE GetCameraStream answers HTTP 200 with JSON", status == 200 && json is not null, $"HTTP {status}") || json is null)
        {
            return;
        }

        CheckSchema("EXECUTE", json.Value);
        var command = json.Value.GetProperty("payload").GetProperty("commands")[0];
        var url = command.TryGetProperty("states", out var states) && states.TryGetProperty("cameraStreamAccessUrl", out var u) ? u.GetString() : null;
        if (!report.Check("EXECUTE GetCameraStream succeeds with an HLS URL", command.GetProperty("status").GetString() == "SUCCESS" && url is not null, Short(body)))
        {
            return;
        }

        await FetchStreamAsync(new Uri(url!)).ConfigureAwait(false);
    }

    private async Task FetchStreamAsync(Uri url)
    {
        if (!url.Scheme.Equals("https", StringComparison.Ordinal))
        {
            report.Skip("stream URL is HTTPS", "the deployment answers with " + url.Scheme + " (set SmartHomeCam:PublicBaseUrl to the public HTTPS origin)");
        }

        using var http = NewClient(url, useCookies: false);
        http.Timeout = TimeSpan.FromSeconds(30);
        using var multivariant = await http.GetAsync(url).ConfigureAwait(false);
        var text = await multivariant.Content.ReadAsStringAsync().ConfigureAwait(false);
        report.Check("stream: playlist answers 200 with CORS *", multivariant.StatusCode == HttpStatusCode.OK &&
                     multivariant.Headers.TryGetValues("Access-Control-Allow-Origin", out var cors) && cors.Contains("*"), $"HTTP {(int)multivariant.StatusCode}");
        var media = text.Split('\n').FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        if (!report.Check("stream: multivariant playlist lists a media playlist", text.StartsWith("#EXTM3U", StringComparison.Ordinal) && media is not null, Short(text)))
        {
            return;
        }

        var mediaText = await http.GetStringAsync(new Uri(url, media)).ConfigureAwait(false);
        var segment = mediaText.Split('\n').LastOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        if (!report.Check("stream: media playlist lists segments", segment is not null, Short(mediaText)))
        {
            return;
        }

        var bytes = await http.GetByteArrayAsync(new Uri(new Uri(url, media), segment)).ConfigureAwait(false);
        report.Check("stream: segment is MPEG-TS", bytes.Length >= 188 && bytes.Length % 188 == 0 && bytes[0] == 0x47, $"{bytes.Length} bytes");
    }

    private void CheckSchema(string intent, JsonElement body)
    {
        if (schemas is null)
        {
            report.Skip($"{intent} matches Google's schema", "no schema directory (pass --schemas DIR)");
            return;
        }

        var problems = schemas.CheckResponse(intent, body);
        report.Check($"{intent} matches Google's schema", problems.Count == 0, string.Join("; ", problems));
    }

    private async Task<(int Status, string Body)> FulfillAsync(string body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/fulfillment", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await backend.SendAsync(request).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    private async Task<HttpResponseMessage> PostTokenAsync(Dictionary<string, string?> form, bool basic = true)
    {
        var fields = form.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/oauth/token", UriKind.Relative));
        if (basic)
        {
            var raw = $"{Uri.EscapeDataString(settings.ClientId)}:{Uri.EscapeDataString(settings.ClientSecret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
        }
        else
        {
            fields["client_id"] = settings.ClientId;
            fields["client_secret"] = settings.ClientSecret;
        }

        request.Content = new FormUrlEncodedContent(fields);
        return await backend.SendAsync(request).ConfigureAwait(false);
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response) =>
        Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));

    private static JsonElement? Parse(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Short(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static HttpClient NewClient(Uri baseUrl, bool useCookies) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = useCookies, CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
}

/// <summary>Credentials and identities the simulation uses.</summary>
public sealed record SimSettings(string Email, string Password, string ClientId, string ClientSecret, string RedirectUri);
