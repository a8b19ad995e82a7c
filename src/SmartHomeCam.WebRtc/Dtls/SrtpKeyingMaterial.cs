namespace SmartHomeCam.WebRtc.Dtls;

/// <summary>
/// The 60 bytes exported as "EXTRACTOR-dtls_srtp" for SRTP_AES128_CM_HMAC_SHA1_80, split as RFC 5764 §4.2 lays
/// them out: client key, server key, client salt, server salt.
/// </summary>
public sealed class SrtpKeyingMaterial(byte[] exported)
{
    public const int Length = 60;
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    private readonly byte[] material = exported is { Length: Length } ? exported : throw new ArgumentException("60 bytes expected.", nameof(exported));

    public ReadOnlySpan<byte> ClientKey => material.AsSpan(0, 16);

    public ReadOnlySpan<byte> ServerKey => material.AsSpan(16, 16);

    public ReadOnlySpan<byte> ClientSalt => material.AsSpan(32, 14);

    public ReadOnlySpan<byte> ServerSalt => material.AsSpan(46, 14);
}
