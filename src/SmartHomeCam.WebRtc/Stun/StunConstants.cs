namespace SmartHomeCam.WebRtc.Stun;

/// <summary>Message types and attribute codes used by ICE (RFC 8489 §18, RFC 8445 §16.1).</summary>
public static class StunConstants
{
    public const uint MagicCookie = 0x2112A442;
    public const int HeaderLength = 20;

    public const ushort BindingRequest = 0x0001;
    public const ushort BindingSuccess = 0x0101;
    public const ushort BindingError = 0x0111;
    public const ushort BindingIndication = 0x0011;

    public const ushort MappedAddress = 0x0001;
    public const ushort Username = 0x0006;
    public const ushort MessageIntegrity = 0x0008;
    public const ushort ErrorCode = 0x0009;
    public const ushort XorMappedAddress = 0x0020;
    public const ushort Priority = 0x0024;
    public const ushort UseCandidate = 0x0025;
    public const ushort Software = 0x8022;
    public const ushort Fingerprint = 0x8028;
    public const ushort IceControlled = 0x8029;
    public const ushort IceControlling = 0x802A;

    /// <summary>XORed into the CRC-32 of FINGERPRINT (RFC 8489 §14.7).</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>RFC 7983 demultiplexing: a first byte of 0–3 is STUN.</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> packet) =>
        packet.Length >= HeaderLength && packet[0] < 4 &&
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet[4..]) == MagicCookie;
}
