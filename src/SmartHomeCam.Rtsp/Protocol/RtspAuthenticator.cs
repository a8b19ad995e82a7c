using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace SmartHomeCam.Rtsp.Protocol;

/// <summary>
/// Answers an RTSP 401 challenge with Basic (RFC 7617) or Digest (RFC 2617 / RFC 7616, MD5 and MD5-sess, qop
/// "auth" or none), preferring Digest when both are offered. Once set up it signs every later request.
/// </summary>
internal sealed class RtspAuthenticator
{
    private readonly NetworkCredential _credential;
    private readonly string? _realm;
    private readonly string? _nonce;
    private readonly string? _opaque;
    private readonly string? _qop;
    private readonly bool _sess;
    private readonly bool _digest;
    private int _nonceCount;

    private RtspAuthenticator(NetworkCredential credential, bool digest, string? realm, string? nonce, string? opaque, string? qop, bool sess)
    {
        _credential = credential;
        _digest = digest;
        _realm = realm;
        _nonce = nonce;
        _opaque = opaque;
        _qop = qop;
        _sess = sess;
    }

    /// <summary>Null when none of the challenges is one we can answer.</summary>
    public static RtspAuthenticator? FromChallenges(IEnumerable<string> challenges, NetworkCredential credential)
    {
        RtspAuthenticator? basic = null;
        foreach (var challenge in challenges)
        {
            var space = challenge.IndexOf(' ', StringComparison.Ordinal);
            var scheme = space < 0 ? challenge : challenge[..space];
            var parameters = ParseParameters(space < 0 ? "" : challenge[(space + 1)..]);
            if (scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase))
            {
                var algorithm = parameters.GetValueOrDefault("algorithm") ?? "MD5";
                if (!algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase) && !algorithm.Equals("MD5-sess", StringComparison.OrdinalIgnoreCase))
                {
                    continue; // SHA-256 digests are not used by cameras we know
                }

                var qop = parameters.GetValueOrDefault("qop");
                var qopAuth = qop is not null && qop.Split(',').Any(q => q.Trim().Equals("auth", StringComparison.OrdinalIgnoreCase));
                return new RtspAuthenticator(
                    credential,
                    digest: true,
                    parameters.GetValueOrDefault("realm") ?? "",
                    parameters.GetValueOrDefault("nonce") ?? "",
                    parameters.GetValueOrDefault("opaque"),
                    qopAuth ? "auth" : null,
                    algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase));
            }

            if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                basic = new RtspAuthenticator(credential, digest: false, null, null, null, null, sess: false);
            }
        }

        return basic;
    }

    /// <summary>The Authorization header value for one request.</summary>
    public string Authorize(string method, string uri)
    {
        if (!_digest)
        {
            return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credential.UserName}:{_credential.Password}"));
        }

        var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var nc = (++_nonceCount).ToString("x8", CultureInfo.InvariantCulture);
        var ha1 = Md5($"{_credential.UserName}:{_realm}:{_credential.Password}");
        if (_sess)
        {
            ha1 = Md5($"{ha1}:{_nonce}:{cnonce}");
        }

        var ha2 = Md5($"{method}:{uri}");
        var response = _qop is null ? Md5($"{ha1}:{_nonce}:{ha2}") : Md5($"{ha1}:{_nonce}:{nc}:{cnonce}:{_qop}:{ha2}");
        var header = new StringBuilder(256);
        header.Append(CultureInfo.InvariantCulture, $"Digest username=\"{_credential.UserName}\", realm=\"{_realm}\", nonce=\"{_nonce}\", uri=\"{uri}\", response=\"{response}\"");
        if (_sess)
        {
            header.Append(", algorithm=MD5-sess");
        }

        if (_opaque is not null)
        {
            header.Append(CultureInfo.InvariantCulture, $", opaque=\"{_opaque}\"");
        }

        if (_qop is not null)
        {
            header.Append(CultureInfo.InvariantCulture, $", qop={_qop}, nc={nc}, cnonce=\"{cnonce}\"");
        }

        return header.ToString();
    }

    /// <summary>Parses <c>key=value, key="quoted, value"</c> lists.</summary>
    internal static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var eq = text.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }

            var key = text[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    close = text.Length;
                }

                value = text[(i + 1)..close];
                i = close + 1;
            }
            else
            {
                var comma = text.IndexOf(',', i);
                if (comma < 0)
                {
                    comma = text.Length;
                }

                value = text[i..comma].Trim();
                i = comma;
            }

            if (key.Length > 0)
            {
                result[key] = value;
            }
        }

        return result;
    }

#pragma warning disable CA5351 // RFC 2617/7616 Digest is defined over MD5; cameras offer nothing else.
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
}
