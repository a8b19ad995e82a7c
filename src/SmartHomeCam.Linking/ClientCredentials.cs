using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SmartHomeCam.Linking;

/// <summary>
/// Client credentials as presented at the token endpoint: HTTP Basic (RFC 6749 §2.3.1, form-urlencoded parts)
/// or <c>client_id</c>/<c>client_secret</c> in the body. Google's console can send either (spec §4.2).
/// </summary>
public sealed record ClientCredentials(string ClientId, string? Secret, bool ViaBasic)
{
    /// <summary>Null with an error when the request carries no usable credentials or mixes both methods.</summary>
    public static (ClientCredentials? Credentials, string? Error) Read(HttpRequest request, IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(form);
        string? bodyId = form["client_id"];
        string? bodySecret = form["client_secret"];
        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            if (!AuthenticationHeaderValue.TryParse(header, out var parsed) ||
                !string.Equals(parsed.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) ||
                !TryDecodeBasic(parsed.Parameter, out var id, out var secret))
            {
                return (null, "invalid_client");
            }

            // RFC 6749 §2.3: one method per request. A repeated, identical client_id in the body is tolerated.
            if (bodySecret is not null || (bodyId is not null && bodyId != id))
            {
                return (null, "invalid_request");
            }

            return (new ClientCredentials(id, secret, ViaBasic: true), null);
        }

        return string.IsNullOrEmpty(bodyId)
            ? (null, "invalid_client")
            : (new ClientCredentials(bodyId, bodySecret, ViaBasic: false), null);
    }

    private static bool TryDecodeBasic(string? parameter, out string id, out string secret)
    {
        id = secret = "";
        if (string.IsNullOrEmpty(parameter))
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            id = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
            secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
