using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using HashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;

namespace SmartHomeCam.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's DTLS 1.2 server configured for WebRTC (RFC 5763/5764, RFC 8827): ECDSA credentials, a
/// client certificate demanded and checked against the offer's fingerprint, <c>use_srtp</c> with
/// SRTP_AES128_CM_HMAC_SHA1_80, and the SRTP keys exported when the handshake completes.
/// </summary>
public sealed class DtlsSrtpServer(DtlsCertificate certificate, string fingerprintAlgorithm, byte[] expectedFingerprint)
    : DefaultTlsServer(new BcTlsCrypto(new Org.BouncyCastle.Security.SecureRandom()))
{
    private static readonly int[] Profiles = [SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80];

    public SrtpKeyingMaterial? Keys { get; private set; }

    /// <summary>A handshake that stalls (lost peer, hostile input) ends instead of holding its thread.</summary>
    public override int GetHandshakeTimeoutMillis() => 10_000;

    public override ProtocolVersion[] GetProtocolVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        var algorithm = new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(m_context), (BcTlsCrypto)Crypto, certificate.PrivateKey, certificate.ToTlsCertificate(Crypto), algorithm);
    }

    public override CertificateRequest GetCertificateRequest()
    {
        var algorithms = new List<SignatureAndHashAlgorithm>
        {
            new(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
            new(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
            new(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
            SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
        };
        return new CertificateRequest([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], algorithms, null);
    }

    /// <summary>The peer's certificate must hash to the offer's <c>a=fingerprint</c> (RFC 8122 §5).</summary>
    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.certificate_required);
        }

        if (!CertificateFingerprint.Matches(clientCertificate, fingerprintAlgorithm, expectedFingerprint))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offered is null || Array.IndexOf(offered.ProtectionProfiles, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80) < 0)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(Profiles, []));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Keys = new SrtpKeyingMaterial(m_context.ExportKeyingMaterial(SrtpKeyingMaterial.ExporterLabel, null, SrtpKeyingMaterial.Length));
    }
}
