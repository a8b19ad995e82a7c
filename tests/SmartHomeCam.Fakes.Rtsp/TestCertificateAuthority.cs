using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>
/// A throwaway CA made in memory for <c>rtsps://</c> tests: it issues a server certificate for localhost/127.0.0.1
/// and validates chains against itself only (the system trust store never sees it).
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificateAuthority(string name = "SmartHomeCam Test CA")
    {
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Root = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));
    }

    public X509Certificate2 Root { get; }

    /// <summary>A server certificate (with its private key) for the given DNS names and IP addresses.</summary>
    public X509Certificate2 IssueServerCertificate(params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = names.Length > 0 ? names[0] : "localhost";
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Length > 0 ? names : ["localhost", "127.0.0.1"])
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        // Within the root's validity: its NotAfter is stored to the second, so "now + 7 days" a second later is past it.
        var notAfter = new DateTimeOffset(Root.NotAfter.ToUniversalTime()).AddMinutes(-1);
        using var issued = request.Create(Root, DateTimeOffset.UtcNow.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(12));
        using var withKey = issued.CopyWithPrivateKey(key);
        // Round-trip through PKCS#12 so SslStream gets a key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A client-side callback that trusts exactly this CA (name checks included).</summary>
    public RemoteCertificateValidationCallback ValidationCallback => (_, certificate, _, errors) =>
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    };

    public void Dispose()
    {
        Root.Dispose();
        _key.Dispose();
    }
}
