using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SmartHomeCam.Fakes.GoogleAuth;

/// <summary>
/// Checks a service-account JWT bearer assertion (RFC 7523) as Google's token endpoint does: RS256 signature against
/// the key the fake generated, iss = the client e-mail, the wanted scope, aud one of the accepted token URLs when the
/// fake cares, iat/exp a valid hour at most. Null when valid, else why not.
/// </summary>
public static class ServiceAccountAssertion
{
    /// <summary>Google's token URL, which Google.Apis.Auth puts in <c>aud</c> whatever URL it posts to.</summary>
    public const string GoogleAudience = "https://oauth2.googleapis.com/token";

    public static string? Verify(string assertion, RSA key, string clientEmail, string scope, DateTimeOffset now, IReadOnlyCollection<string>? audiences = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentNullException.ThrowIfNull(key);
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return "not a JWS";
        }

        JsonElement header, payload;
        byte[] signature;
        try
        {
            header = JsonDocument.Parse(Base64Url(parts[0])).RootElement;
            payload = JsonDocument.Parse(Base64Url(parts[1])).RootElement;
            signature = Base64Url(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return "malformed JWT";
        }

        if (Str(header, "alg") != "RS256")
        {
            return "alg must be RS256";
        }

        if (!key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "bad signature";
        }

        if (Str(payload, "iss") != clientEmail)
        {
            return "iss is not the service account";
        }

        if (audiences is not null && !audiences.Contains(Str(payload, "aud") ?? ""))
        {
            return $"aud '{Str(payload, "aud")}' is not the token URL";
        }

        if (Str(payload, "scope")?.Split(' ').Contains(scope) != true)
        {
            return "scope lacks " + scope;
        }

        if (!payload.TryGetProperty("iat", out var iat) || !payload.TryGetProperty("exp", out var exp)
            || !iat.TryGetInt64(out var issued) || !exp.TryGetInt64(out var expires))
        {
            return "iat/exp missing";
        }

        var seconds = now.ToUnixTimeSeconds();
        return expires <= seconds || expires - issued > 3600 || issued > seconds + 300 ? "iat/exp out of range" : null;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static byte[] Base64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
