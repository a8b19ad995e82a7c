namespace SmartHomeCam.WebRtc.Srtp;

/// <summary>The AES-CM key derivation function of RFC 3711 §4.3 (key_derivation_rate 0, so r = 0).</summary>
public static class SrtpKeyDerivation
{
    public const byte RtpEncryption = 0;
    public const byte RtpAuthentication = 1;
    public const byte RtpSalt = 2;
    public const byte RtcpEncryption = 3;
    public const byte RtcpAuthentication = 4;
    public const byte RtcpSalt = 5;

    /// <summary>Fills <paramref name="output"/> with the session key of <paramref name="label"/>.</summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterKey.Length != 16 || masterSalt.Length != 14)
        {
            throw new ArgumentException("AES_CM_128 needs a 16-byte master key and a 14-byte master salt.");
        }

        // x = (label || r) XOR master_salt, with label || r right-aligned in the 112-bit salt; IV = x · 2^16.
        Span<byte> iv = stackalloc byte[16];
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        using var aes = new AesCounterMode(masterKey);
        aes.Keystream(iv, output);
    }
}
