using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming.WebRtc;

/// <summary>
/// <c>POST /webrtc/signal</c> (spec §3.5): <c>{action: offer|answer|end, deviceId, sdp}</c> with the stream token
/// from EXECUTE in <c>Authorization: Bearer</c> (or Google's documented <c>Authentication</c>). Offer → a complete
/// answer; answer/end → <c>{}</c>; anything wrong → a 4xx with <c>{error, error_description}</c>, never a 500.
/// CORS for the display's page origin (https://www.gstatic.com) on every response and on the preflight.
/// </summary>
public static class WebRtcSignalingEndpoint
{
    public const string GoogleDisplayOrigin = "https://www.gstatic.com";
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapWebRtcSignaling(this IEndpointRouteBuilder app)
    {
        app.MapMethods(WebRtcSignalingShape.Path, [HttpMethods.Options], (HttpContext http) =>
        {
            AddCors(http);
            return Results.NoContent();
        });
        app.MapPost(WebRtcSignalingShape.Path, HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, WebRtcHost host, StreamTokenService tokens, ILoggerFactory loggers)
    {
        AddCors(http);
        http.Response.Headers.CacheControl = "no-store";
        try
        {
            var token = BearerToken(http.Request);
            var claims = tokens.Validate(token);
            if (claims is null)
            {
                return Error(StatusCodes.Status401Unauthorized, "invalid_token", "The stream token is missing, expired or revoked.");
            }

            var body = await ReadBodyAsync(http).ConfigureAwait(false);
            if (body is null)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, "invalid_request", "The body is too large.");
            }

            var request = Parse(body);
            if (request is null)
            {
                return Error(StatusCodes.Status400BadRequest, "invalid_request", "Expected a JSON object {action, deviceId, sdp}.");
            }

            var (action, deviceId, sdp) = request.Value;
            if (deviceId != claims.DeviceId)
            {
                return Error(StatusCodes.Status403Forbidden, "wrong_device", "The token is not for this device.");
            }

            switch (action)
            {
                case "offer":
                    if (string.IsNullOrEmpty(sdp))
                    {
                        return Error(StatusCodes.Status400BadRequest, "invalid_offer", "An offer needs an sdp.");
                    }

                    var outcome = await host.AnswerAsync(claims, token!, sdp, http.RequestAborted).ConfigureAwait(false);
                    return outcome.AnswerSdp is { } answer
                        ? Results.Json(new AnswerBody("answer", answer))
                        : Error(outcome.Status, outcome.Error!, outcome.Description!);
                case "answer":
                    // We never send offers (no cameraStreamOffer in EXECUTE), so there is nothing to apply.
                    return Results.Json(new { });
                case "end":
                    host.End(claims, token!);
                    return Results.Json(new { });
                default:
                    return Error(StatusCodes.Status400BadRequest, "invalid_request", "action must be offer, answer or end.");
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            loggers.CreateLogger(typeof(WebRtcSignalingEndpoint)).LogWarning(e, "WebRTC signaling failed.");
            return Error(StatusCodes.Status503ServiceUnavailable, "unavailable", "The stream could not be set up; try again.");
        }
    }

    private static string? BearerToken(HttpRequest request)
    {
        foreach (var header in new[] { "Authorization", "Authentication" })
        {
            var value = request.Headers[header].ToString();
            if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return value[7..].Trim();
            }
        }

        return null;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static (string? Action, string? DeviceId, string? Sdp)? Parse(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return (Text(root, "action"), Text(root, "deviceId"), Text(root, "sdp"));
        }
        catch (JsonException)
        {
            return null;
        }

        static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static IResult Error(int status, string error, string description) =>
        Results.Json(new ErrorBody(error, description), statusCode: status);

    /// <summary>The display's page runs on www.gstatic.com and posts with credentials (spec §3.5).</summary>
    private static void AddCors(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = GoogleDisplayOrigin;
        headers.AccessControlAllowCredentials = "true";
        headers.AccessControlAllowMethods = "POST, OPTIONS";
        headers.AccessControlAllowHeaders = "Authorization, Authentication, Content-Type";
        headers.AccessControlMaxAge = "600";
        headers.Vary = "Origin";
    }

    private sealed record AnswerBody(string action, string sdp);

    private sealed record ErrorBody(string error, string error_description);
}
