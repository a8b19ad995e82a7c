using System.Net;
using System.Text.Json;

namespace SmartHomeCam.GoogleSim;

/// <summary>
/// Google's part, end to end, against a deployment: account linking through the real pages, code replay, both
/// client-authentication styles, refresh, every intent validated against Google's schemas, and the stream URL.
/// </summary>
public sealed class GoogleSimulator(Uri baseUrl, SimSettings settings, GoogleSchemas schemas, SimReport report, TestSuiteSettings? testSuite = null) : IDisposable
{
    private readonly AccountLinkingClient linking = new(baseUrl, settings.Client);
    private readonly IntentClient intents = new(baseUrl, "");
    private string agentUserId = "";

    public async Task RunAsync()
    {
        var tokens = await LinkAsync().ConfigureAwait(false);
        if (tokens is null)
        {
            return;
        }

        using (var refreshed = await linking.RefreshAsync(tokens.RefreshToken!).ConfigureAwait(false))
        {
            var renewed = await TokenSet.ReadAsync(refreshed).ConfigureAwait(false);
            intents.AccessToken = tokens.AccessToken;
            if (report.Check("token: refresh grant issues a new access token",
                    renewed is not null && renewed.AccessToken != tokens.AccessToken, $"HTTP {(int)refreshed.StatusCode}"))
            {
                intents.AccessToken = renewed!.AccessToken;
            }
        }

        var (badStatus, _) = await intents.PostAsync(IntentRequests.Sync("sim-0"), "not-a-valid-token").ConfigureAwait(false);
        report.Check("fulfillment: unknown bearer token gets HTTP 401", badStatus == 401, $"HTTP {badStatus}");

        var devices = await SyncAsync().ConfigureAwait(false);
        if (devices.Count > 0)
        {
            await QueryAsync(devices).ConfigureAwait(false);
            await ExecuteAsync(devices[0]).ConfigureAwait(false);
            if (testSuite is not null)
            {
                using var homeGraph = new HomeGraphInspector(testSuite.HomeGraphUrl);
                await new OfflineTestSuite(intents, new DashboardClient(linking.Browser), homeGraph, testSuite, report).RunAsync(agentUserId, devices).ConfigureAwait(false);
            }
        }
        else
        {
            report.Skip("QUERY / EXECUTE / stream", "SYNC listed no camera");
        }

        var (status, body) = await intents.PostAsync(IntentRequests.Disconnect("sim-disconnect")).ConfigureAwait(false);
        report.Check("DISCONNECT answers {}", status == 200 && body.Trim() == "{}", $"HTTP {status}: {Short(body)}");
        var (after, _) = await intents.PostAsync(IntentRequests.Sync("sim-after")).ConfigureAwait(false);
        report.Check("after DISCONNECT the access token is refused (401)", after == 401, $"HTTP {after}");
    }

    public void Dispose()
    {
        linking.Dispose();
        intents.Dispose();
    }

    private async Task<TokenSet?> LinkAsync()
    {
        var state = "sim-" + Guid.NewGuid().ToString("N")[..8];
        var authorize = linking.AuthorizeUrl(state);
        var first = await linking.GetAsync(new Uri(authorize, UriKind.Relative)).ConfigureAwait(false);
        if (!report.Check("authorize: unsigned user is sent to sign-in", first.IsRedirect && first.Location is not null, $"HTTP {(int)first.Status}"))
        {
            return null;
        }

        var signIn = await linking.SignInAsync(settings.Email, settings.Password, first.Location).ConfigureAwait(false);
        if (!report.Check("sign-in form accepts the account", signIn.IsRedirect, $"HTTP {(int)signIn.Status}"))
        {
            return null;
        }

        var consent = await linking.ConsentAsync(authorize).ConfigureAwait(false);
        var redirect = consent.Location is null ? null : AuthorizationRedirect.Parse(consent.Location);
        if (!report.Check("consent: Allow redirects to Google with code and unchanged state",
                consent.IsRedirect && redirect is not null && redirect.Target == settings.Client.RedirectUri && redirect.State == state && redirect.Code is not null,
                $"HTTP {(int)consent.Status} → {consent.Location}"))
        {
            return null;
        }

        using (var exchange = await linking.ExchangeCodeAsync(redirect!.Code!).ConfigureAwait(false))
        {
            var tokens = await TokenSet.ReadAsync(exchange).ConfigureAwait(false);
            if (!report.Check("token: code exchange (HTTP Basic client auth) returns Bearer tokens with no-store",
                    tokens is { RefreshToken: not null, ExpiresIn: not null } && exchange.Headers.CacheControl?.NoStore == true, $"HTTP {(int)exchange.StatusCode}"))
            {
                return null;
            }
        }

        using (var replay = await linking.ExchangeCodeAsync(redirect.Code!).ConfigureAwait(false))
        {
            var error = await ErrorCodeAsync(replay).ConfigureAwait(false);
            report.Check("token: a reused code is invalid_grant", replay.StatusCode == HttpStatusCode.BadRequest && error == "invalid_grant", $"HTTP {(int)replay.StatusCode} {error}");
        }

        // The replay revoked the first tokens (RFC 6749 §4.1.2): consent once more for the intents, credentials in the body.
        var again = await linking.ConsentAsync(linking.AuthorizeUrl(state + "b")).ConfigureAwait(false);
        var code = again.Location is null ? null : AuthorizationRedirect.Parse(again.Location).Code;
        using var second = await linking.ExchangeCodeAsync(code ?? "", ClientAuthentication.Body).ConfigureAwait(false);
        var linked = await TokenSet.ReadAsync(second).ConfigureAwait(false);
        return report.Check("token: code exchange with client credentials in the body", linked?.RefreshToken is not null, $"HTTP {(int)second.StatusCode}")
            ? linked
            : null;
    }

    private async Task<List<string>> SyncAsync()
    {
        var (status, body) = await intents.PostAsync(IntentRequests.Sync("sim-sync")).ConfigureAwait(false);
        var json = Parse(body);
        if (!report.Check("SYNC answers HTTP 200 with JSON", status == 200 && json is not null, $"HTTP {status}") || json is null)
        {
            return [];
        }

        CheckSchema("SYNC", json.Value);
        var payload = json.Value.GetProperty("payload");
        report.Check("SYNC echoes requestId and names an agentUserId", json.Value.GetProperty("requestId").GetString() == "sim-sync" && payload.TryGetProperty("agentUserId", out _));
        agentUserId = payload.TryGetProperty("agentUserId", out var agent) ? agent.GetString() ?? "" : "";
        return payload.TryGetProperty("devices", out var devices)
            ? devices.EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToList()
            : [];
    }

    private async Task QueryAsync(List<string> ids)
    {
        var (status, body) = await intents.PostAsync(IntentRequests.Query("sim-query", ids)).ConfigureAwait(false);
        var json = Parse(body);
        if (report.Check("QUERY answers HTTP 200 with JSON", status == 200 && json is not null, $"HTTP {status}") && json is not null)
        {
            CheckSchema("QUERY", json.Value);
            var answered = json.Value.GetProperty("payload").GetProperty("devices");
            report.Check("QUERY answers every SYNCed device", ids.All(id => answered.TryGetProperty(id, out _)));
        }
    }

    private async Task ExecuteAsync(string id)
    {
        var (status, body) = await intents.PostAsync(IntentRequests.Execute("sim-execute", id)).ConfigureAwait(false);
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

    /// <summary>What the default Cast receiver does with the URL: no headers, playlist, media playlist, a segment.</summary>
    private async Task FetchStreamAsync(Uri url)
    {
        if (!url.Scheme.Equals("https", StringComparison.Ordinal))
        {
            report.Skip("stream URL is HTTPS", "the deployment answers with " + url.Scheme + " (set SmartHomeCam:PublicBaseUrl to the public HTTPS origin)");
        }

        using var http = GoogleHttp.Backend(url);
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
        var problems = schemas.CheckResponse(intent, body);
        report.Check($"{intent} matches Google's schema", problems.Count == 0, string.Join("; ", problems));
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        var json = Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return json is { ValueKind: JsonValueKind.Object } j && j.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }

    private static JsonElement? Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Short(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
