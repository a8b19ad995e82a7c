using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Nest;

/// <summary>
/// The SDM REST calls we make (spec §2–3). Transient failures (5xx, 429 with its Retry-After, timeouts) are
/// retried by the HttpClient's resilience pipeline; here only the one thing a pipeline cannot do: on 401, refresh
/// the access token once and repeat the call. Our own quota windows are reserved before each call.
/// </summary>
public sealed partial class SdmApiClient(IHttpClientFactory httpFactory, SdmAccessTokens tokens, SdmQuota quota, IOptions<SdmOptions> options, TimeProvider clock)
{
    private const string Commands = "sdm.devices.commands.CameraLiveStream.";

    public async Task<IReadOnlyList<SdmDevice>> ListDevicesAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var body = await SendAsync(refreshToken, () => new HttpRequestMessage(HttpMethod.Get, options.Value.DevicesUrl), "Listing Nest devices", cancellationToken).ConfigureAwait(false);
        try
        {
            return SdmDeviceParser.ParseList(body);
        }
        catch (JsonException e)
        {
            throw new SdmApiException(HttpStatusCode.BadGateway, "BAD_ANSWER", "Listing Nest devices: Google's answer is not a device list.", e);
        }
    }

    /// <summary>The homes the owner shared; rooms of each with <see cref="ListRoomsAsync"/>.</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> ListStructuresAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var body = await SendAsync(refreshToken, () => new HttpRequestMessage(HttpMethod.Get, options.Value.StructuresUrl), "Listing Nest homes", cancellationToken).ConfigureAwait(false);
        return ParseNames(body, SdmStructureParser.ParseStructures, "Listing Nest homes");
    }

    public async Task<IReadOnlyList<(string Id, string Name)>> ListRoomsAsync(string refreshToken, string structureId, CancellationToken cancellationToken)
    {
        var url = new Uri(options.Value.StructuresUrl + "/" + Uri.EscapeDataString(structureId) + "/rooms");
        var body = await SendAsync(refreshToken, () => new HttpRequestMessage(HttpMethod.Get, url), "Listing Nest rooms", cancellationToken).ConfigureAwait(false);
        return ParseNames(body, SdmStructureParser.ParseRooms, "Listing Nest rooms");
    }

    public async Task<SdmStreamGrant> GenerateRtspAsync(string refreshToken, string deviceId, CancellationToken cancellationToken)
    {
        var results = await ExecuteAsync(refreshToken, deviceId, "GenerateRtspStream", new JsonObject(), cancellationToken).ConfigureAwait(false);
        var url = Str(results, "streamUrls", "rtspUrl");
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var rtspUrl) || (rtspUrl.Scheme != "rtsps" && rtspUrl.Scheme != "rtsp"))
        {
            throw new SdmApiException(HttpStatusCode.BadGateway, "BAD_ANSWER", "GenerateRtspStream answered without a usable rtspUrl.");
        }

        return new SdmStreamGrant(rtspUrl, Required(results, "streamToken"), Required(results, "streamExtensionToken"), ExpiresAt(results));
    }

    public async Task<SdmStreamGrant> ExtendRtspAsync(string refreshToken, string deviceId, SdmStreamGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var results = await ExecuteAsync(refreshToken, deviceId, "ExtendRtspStream",
            new JsonObject { ["streamExtensionToken"] = grant.ExtensionToken }, cancellationToken).ConfigureAwait(false);
        return grant.Extended(Required(results, "streamToken"), Required(results, "streamExtensionToken"), ExpiresAt(results));
    }

    public Task StopRtspAsync(string refreshToken, string deviceId, SdmStreamGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return ExecuteAsync(refreshToken, deviceId, "StopRtspStream", new JsonObject { ["streamExtensionToken"] = grant.ExtensionToken }, cancellationToken);
    }

    private async Task<JsonElement> ExecuteAsync(string refreshToken, string deviceId, string command, JsonObject parameters, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var account = SdmAccessTokens.AccountKey(refreshToken);
        // Stop must never wait long (shutdown); Generate and Extend may wait for a free slot within their lead time.
        var maxWait = command.StartsWith("Stop", StringComparison.Ordinal) ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(20);
        await quota.AcquireAsync(maxWait, cancellationToken,
            ($"exec:{account}", o.ExecutePerMinute), ($"cmd:{account}:{deviceId}:{command}", o.CommandPerDevicePerMinute)).ConfigureAwait(false);
        var url = new Uri(o.DeviceUrl(deviceId) + ":executeCommand");
        var body = new JsonObject { ["command"] = Commands + command, ["params"] = parameters }.ToJsonString();
        var answer = await SendAsync(refreshToken, () => new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        }, command, cancellationToken).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(answer);
            return doc.RootElement.TryGetProperty("results", out var results) ? results.Clone() : default;
        }
        catch (JsonException e)
        {
            throw new SdmApiException(HttpStatusCode.BadGateway, "BAD_ANSWER", $"{command}: Google's answer is not JSON.", e);
        }
    }

    private async Task<string> SendAsync(string refreshToken, Func<HttpRequestMessage> request, string what, CancellationToken cancellationToken)
    {
        var http = httpFactory.CreateClient(SdmHttp.ApiClient);
        for (var attempt = 0; ; attempt++)
        {
            var access = await tokens.GetAsync(refreshToken, cancellationToken).ConfigureAwait(false);
            using var message = request();
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                           or Polly.CircuitBreaker.BrokenCircuitException
                                           || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw SdmHttp.Unreachable(what, e);
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
                {
                    // Revoked or expired early: refresh once; a second 401 is a real refusal.
                    tokens.Invalidate(refreshToken, access);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw await SdmHttp.ErrorAsync(response, what, cancellationToken).ConfigureAwait(false);
                }

                return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static IReadOnlyList<(string Id, string Name)> ParseNames(string body, Func<string, IReadOnlyList<(string Id, string Name)>> parse, string what)
    {
        try
        {
            return parse(body);
        }
        catch (JsonException e)
        {
            throw new SdmApiException(HttpStatusCode.BadGateway, "BAD_ANSWER", $"{what}: Google's answer is not JSON.", e);
        }
    }

    private DateTimeOffset ExpiresAt(JsonElement results) =>
        Str(results, "expiresAt") is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : clock.GetUtcNow().AddMinutes(5); // spec §4: five minutes unless extended

    private static string Required(JsonElement results, string property) =>
        Str(results, property) ?? throw new SdmApiException(HttpStatusCode.BadGateway, "BAD_ANSWER", $"The stream command answered without {property}.");

    private static string? Str(JsonElement e, params string[] path)
    {
        foreach (var p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
            {
                return null;
            }
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }
}
