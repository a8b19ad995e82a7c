using System.Security.Cryptography;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>Fresh local ICE credentials (RFC 8445 §5.3: ufrag ≥ 24 bits, password ≥ 128 bits of randomness) and an SSRC.</summary>
public sealed record IceCredentials(string Ufrag, string Password, uint Ssrc)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static IceCredentials Create() =>
        new(RandomNumberGenerator.GetString(Alphabet, 16), RandomNumberGenerator.GetString(Alphabet, 32),
            (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue));
}
