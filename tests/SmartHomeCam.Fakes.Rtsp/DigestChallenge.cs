using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>Server side of RTSP Basic and Digest authentication (RFC 2617, with and without qop=auth).</summary>
internal sealed class DigestChallenge(NetworkCredential credentials, bool basic)
{
    private const string Realm = "FakeRtsp";
    private readonly string _nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public string WwwAuthenticate => basic
        ? $"Basic realm=\"{Realm}\""
        : $"Digest realm=\"{Realm}\", nonce=\"{_nonce}\"";

    public bool Verify(string method, string? authorization)
    {
        if (authorization is null)
        {
            return false;
        }

        if (basic)
        {
            if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.UserName + ":" + credentials.Password));
            return FixedEquals(authorization[6..].Trim(), expected);
        }

        if (!authorization.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var fields = ParseFields(authorization[7..]);
        if (!fields.TryGetValue("username", out var user) || user != credentials.UserName
            || !fields.TryGetValue("nonce", out var nonce) || nonce != _nonce
            || !fields.TryGetValue("uri", out var uri) || !fields.TryGetValue("response", out var response))
        {
            return false;
        }

        var ha1 = Md5($"{credentials.UserName}:{Realm}:{credentials.Password}");
        var ha2 = Md5($"{method}:{uri}");
        var expectedResponse = fields.TryGetValue("qop", out var qop)
            ? Md5($"{ha1}:{nonce}:{fields.GetValueOrDefault("nc")}:{fields.GetValueOrDefault("cnonce")}:{qop}:{ha2}")
            : Md5($"{ha1}:{nonce}:{ha2}");
        return FixedEquals(response.ToLowerInvariant(), expectedResponse);
    }

    private static Dictionary<string, string> ParseFields(string value)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < value.Length)
        {
            while (i < value.Length && (value[i] == ' ' || value[i] == ','))
            {
                i++;
            }

            var eq = value.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }

            var name = value[i..eq].Trim();
            i = eq + 1;
            string field;
            if (i < value.Length && value[i] == '"')
            {
                var close = value.IndexOf('"', i + 1);
                close = close < 0 ? value.Length : close;
                field = value[(i + 1)..close];
                i = close + 1;
            }
            else
            {
                var comma = value.IndexOf(',', i);
                comma = comma < 0 ? value.Length : comma;
                field = value[i..comma].Trim();
                i = comma;
            }

            fields[name] = field;
        }

        return fields;
    }

#pragma warning disable CA5351 // RFC 2617 Digest is defined over MD5
    private static string Md5(string text) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
#pragma warning restore CA5351

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
