using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using HashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;

namespace SmartHomeCam.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's DTLS 1.2 client for a receive-only WebRTC peer (RFC 5763 §5: the offerer, <c>setup:actpass</c>,
/// is the DTLS client once the answer says setup:passive): our self-signed ECDSA certificate, the server's certificate checked against the answer's
/// <c>a=fingerprint</c>, <c>use_srtp</c> offering SRTP_AES128_CM_HMAC_SHA1_80, and the SRTP keys exported when the
/// handshake completes (RFC 5764 §4.2).
/// </summary>
public sealed class DtlsSrtpClient(DtlsCertificate certificate, string fingerprintAlgorithm, byte[] expectedFingerprint)
    : DefaultTlsClient(new BcTlsCrypto(new Org.BouncyCastle.Security.SecureRandom()))
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
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
    ];

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(Profiles, []));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var chosen = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (chosen is null || chosen.ProtectionProfiles is not [SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80])
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Keys = new SrtpKeyingMaterial(m_context.ExportKeyingMaterial(SrtpKeyingMaterial.ExporterLabel, null, SrtpKeyingMaterial.Length));
    }

    /// <summary>The server's certificate must hash to the answer's fingerprint (RFC 8122 §5); no CA is involved.</summary>
    internal void Verify(Certificate serverCertificate)
    {
        if (serverCertificate is null || serverCertificate.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }

        if (!CertificateFingerprint.Matches(serverCertificate, fingerprintAlgorithm, expectedFingerprint))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    private BcDefaultTlsCredentialedSigner Credentials()
    {
        var algorithm = new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(m_context), (BcTlsCrypto)Crypto, certificate.PrivateKey, certificate.ToTlsCertificate(Crypto), algorithm);
    }

    private sealed class Authentication(DtlsSrtpClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) => client.Verify(serverCertificate.Certificate);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) => client.Credentials();
    }
}
