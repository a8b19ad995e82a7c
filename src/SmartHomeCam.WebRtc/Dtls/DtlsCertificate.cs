using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace SmartHomeCam.WebRtc.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate our DTLS endpoint presents (RFC 8827 §6.5: identity comes from the
/// SDP fingerprint, not a CA). One per process, made at start; its SHA-256 fingerprint goes in every answer.
/// </summary>
public sealed class DtlsCertificate
{
    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        Der = der;
        PrivateKey = privateKey;
        Fingerprint = FormatFingerprint(SHA256.HashData(der));
    }

    public byte[] Der { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    /// <summary><c>AB:CD:…</c>, for <c>a=fingerprint:sha-256</c>.</summary>
    public string Fingerprint { get; }

    public static DtlsCertificate Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=SmartHomeCam WebRTC", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        var privateKey = PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
        return new DtlsCertificate(certificate.RawData, privateKey);
    }

    public Certificate ToTlsCertificate(TlsCrypto crypto)
    {
        ArgumentNullException.ThrowIfNull(crypto);
        return new Certificate([crypto.CreateCertificate(Der)]);
    }

    public static string FormatFingerprint(ReadOnlySpan<byte> digest) => string.Join(':', digest.ToArray().Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
