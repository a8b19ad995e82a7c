using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.NestLegacy.Transport;

/// <summary>Opens the configured transport (virtual so tests can hand the session scripted byte streams) to a nexustalk host ("name" or "name:port", as the camera list or a REDIRECT gives it).</summary>
public class NexusTransportFactory(IOptions<NestLegacyOptions> options)
{
    public const int DefaultTlsPort = 1443;
    public const int DefaultWebSocketPort = 80;

    public virtual Task<INexusTransport> ConnectAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var o = options.Value;
        if (o.Transport == NexusTransportKind.WebSocket)
        {
            var (name, port) = Split(host, DefaultWebSocketPort);
            var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"{o.WebSocketScheme}://{name}:{port}/nexustalk"));
            return WebSocketNexusTransport.ConnectAsync(uri, Validate, cancellationToken);
        }

        var (tlsName, tlsPort) = Split(host, DefaultTlsPort);
        return TlsNexusTransport.ConnectAsync(tlsName, tlsPort, Validate, cancellationToken);
    }

    /// <summary>"h", "h:p" or "[v6]:p" → name and port.</summary>
    internal static (string Name, int Port) Split(string host, int defaultPort)
    {
        var colon = host.LastIndexOf(':');
        if (colon > 0 && host.IndexOf(']', StringComparison.Ordinal) < colon &&
            int.TryParse(host.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)
        {
            return (host[..colon].Trim('[', ']'), port);
        }

        return (host.Trim('[', ']'), defaultPort);
    }

    /// <summary>Normal validation, plus certificates the operator pinned by SHA-256 (test servers, a private relay).</summary>
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || options.Value.TrustedCertificateSha256.Count == 0)
        {
            return false;
        }

        var hash = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
        return options.Value.TrustedCertificateSha256.Any(t => string.Equals(t.Replace(":", "", StringComparison.Ordinal), hash, StringComparison.OrdinalIgnoreCase));
    }
}
