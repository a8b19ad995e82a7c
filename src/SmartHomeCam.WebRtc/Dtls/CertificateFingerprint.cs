using System.Security.Cryptography;
using Org.BouncyCastle.Tls;

namespace SmartHomeCam.WebRtc.Dtls;

/// <summary>
/// The peer's certificate must hash to the SDP's <c>a=fingerprint</c> (RFC 8122 §5); no CA is involved. One check for
/// both DTLS roles, compared in constant time.
/// </summary>
internal static class CertificateFingerprint
{
    public static bool Matches(Certificate certificate, string algorithm, byte[] expected)
    {
        var der = certificate.GetCertificateAt(0).GetEncoded();
        var digest = algorithm switch
        {
            "sha-384" => SHA384.HashData(der),
            "sha-512" => SHA512.HashData(der),
            _ => SHA256.HashData(der),
        };
        return CryptographicOperations.FixedTimeEquals(digest, expected);
    }
}
