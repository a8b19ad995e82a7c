using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SmartHomeCam.Fakes.HomeGraph;

/// <summary>
/// Checks a service-account JWT bearer assertion as Google's token endpoint does: RS256 signature against the key the
/// test generated, iss = the client e-mail, scope homegraph, aud = Google's token URL (spec §5; Google.Apis.Auth sends it
/// whatever URL it posts to) or this one, iat/exp a valid hour at most.
/// Returns null when valid, else why not.
/// </summary>
internal static class ServiceAccountAssertion
{
    public const string Scope = "https://www.googleapis.com/auth/homegraph";
    public const string GoogleAudience = "https://oauth2.googleapis.com/token";

    public static string? Verify(string assertion, RSA key, string clientEmail, string audience, DateTimeOffset now)
    {
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

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!key.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "bad signature";
        }

        if (Str(payload, "iss") != clientEmail)
        {
            return "iss is not the service account";
        }

        if (Str(payload, "aud") != audience && Str(payload, "aud") != GoogleAudience)
        {
            return $"aud '{Str(payload, "aud")}' is not the token URL";
        }

        if (Str(payload, "scope")?.Split(' ').Contains(Scope) != true)
        {
            return "scope lacks homegraph";
        }

        if (!payload.TryGetProperty("iat", out var iatElement) || !payload.TryGetProperty("exp", out var expElement) ||
            !iatElement.TryGetInt64(out var iat) || !expElement.TryGetInt64(out var exp))
        {
            return "iat/exp missing";
        }

        var nowSeconds = now.ToUnixTimeSeconds();
        if (exp <= nowSeconds || exp - iat > 3600 || iat > nowSeconds + 300)
        {
            return "iat/exp out of range";
        }

        return null;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static byte[] Base64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
