using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// SHA-256 of the client_id and secret a token/revoke request presents (HTTP Basic or form body, RFC 6749
/// §2.3.1), read without knowing how the authorization server checks them. Null when none is presented.
/// </summary>
public static class ClientCredentialFingerprint
{
    private const int MaxFormBytes = 16 * 1024;

    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return FromBasic(header.Parameter);
        }

        if (!request.HasFormContentType || request.ContentLength is null or > MaxFormBytes)
        {
            return null;
        }

        try
        {
            // The form is cached on the request, so the endpoint reads the same one without touching the body again.
            var form = await request.ReadFormAsync(new FormOptions { ValueCountLimit = 32, KeyLengthLimit = 64, ValueLengthLimit = MaxFormBytes }, cancellationToken)
                .ConfigureAwait(false);
            string? id = form["client_id"];
            string? secret = form["client_secret"];
            return string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret) ? null : Hash(id, secret);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return null; // the endpoint answers the broken body itself
        }
    }

    private static byte[]? FromBasic(string? parameter)
    {
        if (string.IsNullOrEmpty(parameter) || parameter.Length > 4096)
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? null : Hash(FormDecode(decoded[..colon]), FormDecode(decoded[(colon + 1)..]));
    }

    // RFC 6749 §2.3.1: both parts are form-urlencoded before Base64, so Basic and body credentials hash alike.
    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static byte[] Hash(string clientId, string secret) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(clientId + "\n" + secret));
}
