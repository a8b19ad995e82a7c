using System.Net;
using System.Text.Json;

namespace SmartHomeCam.GoogleSim;

/// <summary>A successful token response (RFC 6749 §5.1) as Google keeps it.</summary>
public sealed record TokenSet(string AccessToken, string? RefreshToken, string TokenType, long? ExpiresIn)
{
    /// <summary>The tokens of an HTTP 200 JSON token response, or null for anything else (status, shape, token type).</summary>
    public static async Task<TokenSet?> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("access_token", out var access) || access.ValueKind != JsonValueKind.String ||
                !root.TryGetProperty("token_type", out var type) || !string.Equals(type.GetString(), "Bearer", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var refresh = root.TryGetProperty("refresh_token", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var expires = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var seconds) ? seconds : (long?)null;
            return new TokenSet(access.GetString()!, refresh, type.GetString()!, expires);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
