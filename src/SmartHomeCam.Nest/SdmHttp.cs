using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SmartHomeCam.Nest;

/// <summary>Names of the HttpClients and the reading of Google's error bodies, shared by the token and API clients.</summary>
internal static class SdmHttp
{
    public const string OAuthClient = "nest-oauth";
    public const string ApiClient = "nest-sdm";

    public static async Task<SdmApiException> ErrorAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        string? status = null;
        var message = $"{what} failed with HTTP {(int)response.StatusCode}.";
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object)
                {
                    // SDM REST: {"error":{"code":404,"message":"…","status":"NOT_FOUND"}}
                    status = error.TryGetProperty("status", out var s) ? s.GetString() : null;
                    if (error.TryGetProperty("message", out var m) && m.GetString() is { Length: > 0 } text)
                    {
                        message = $"{what} failed: {(int)response.StatusCode} {status} {Trim(text)}";
                    }
                }
                else if (error.ValueKind == JsonValueKind.String)
                {
                    // OAuth (RFC 6749 §5.2): {"error":"invalid_grant","error_description":"…"}
                    status = error.GetString();
                    message = $"{what} failed: {(int)response.StatusCode} {Trim(status ?? "")}";
                }
            }
        }
        catch (JsonException)
        {
            // Not Google's JSON (a proxy's HTML page): the status code says enough.
        }

        return new SdmApiException(response.StatusCode, status, message, RetryAfter(response.Headers.RetryAfter));
    }

    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    public static SdmApiException Unreachable(string what, Exception e) =>
        new(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE", $"{what} failed: Google could not be reached ({e.GetType().Name}).");

    private static string Trim(string text) => text.Length > 300 ? text[..300] : text;
}
