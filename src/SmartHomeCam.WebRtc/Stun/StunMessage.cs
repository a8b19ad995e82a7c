using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace SmartHomeCam.WebRtc.Stun;

/// <summary>
/// A received STUN message, read in place (RFC 8489 §5, §14). <see cref="TryParse"/> checks only the framing;
/// integrity and fingerprint are checked on demand because the key depends on the USERNAME.
/// </summary>
public readonly ref struct StunMessage
{
    private readonly ReadOnlySpan<byte> packet;

    private StunMessage(ReadOnlySpan<byte> packet)
    {
        this.packet = packet;
    }

    public ushort Type => BinaryPrimitives.ReadUInt16BigEndian(packet);

    public ReadOnlySpan<byte> TransactionId => packet.Slice(8, 12);

    public ReadOnlySpan<byte> Raw => packet;

    /// <summary>Header sane, length consistent, every attribute inside the message. False for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out StunMessage message)
    {
        message = default;
        if (!StunConstants.LooksLikeStun(packet))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if ((length & 3) != 0 || StunConstants.HeaderLength + length != packet.Length)
        {
            return false;
        }

        var at = StunConstants.HeaderLength;
        while (at < packet.Length)
        {
            if (at + 4 > packet.Length)
            {
                return false;
            }

            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(at + 2)..]);
            at += 4 + Pad(valueLength);
            if (at > packet.Length)
            {
                return false;
            }
        }

        message = new StunMessage(packet);
        return true;
    }

    /// <summary>The first attribute of <paramref name="type"/>; attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (§14.5).</summary>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        var at = StunConstants.HeaderLength;
        var sawIntegrity = false;
        while (at + 4 <= packet.Length)
        {
            var t = BinaryPrimitives.ReadUInt16BigEndian(packet[at..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(packet[(at + 2)..]);
            if (t == type && (!sawIntegrity || t == StunConstants.Fingerprint))
            {
                value = packet.Slice(at + 4, length);
                return true;
            }

            sawIntegrity |= t == StunConstants.MessageIntegrity;
            at += 4 + Pad(length);
        }

        value = default;
        return false;
    }

    public bool Has(ushort type) => TryGetAttribute(type, out _);

    /// <summary>USERNAME as text, or null.</summary>
    public string? Username => TryGetAttribute(StunConstants.Username, out var v) ? System.Text.Encoding.UTF8.GetString(v) : null;

    /// <summary>MESSAGE-INTEGRITY (HMAC-SHA1) checked with the short-term <paramref name="key"/> (the ICE password), constant time.</summary>
    public bool VerifyIntegrity(ReadOnlySpan<byte> key)
    {
        var offset = OffsetOf(StunConstants.MessageIntegrity);
        if (offset < 0 || BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) != 20)
        {
            return false;
        }

        // The length field covers up to the end of MESSAGE-INTEGRITY (§14.5).
        Span<byte> header = stackalloc byte[StunConstants.HeaderLength];
        packet[..StunConstants.HeaderLength].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(offset + 4 + 20 - StunConstants.HeaderLength));
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
        hmac.AppendData(header);
        hmac.AppendData(packet[StunConstants.HeaderLength..offset]);
        Span<byte> mac = stackalloc byte[20];
        hmac.GetHashAndReset(mac);
        return CryptographicOperations.FixedTimeEquals(mac, packet.Slice(offset + 4, 20));
    }

    /// <summary>FINGERPRINT present, last, and matching (§14.7).</summary>
    public bool VerifyFingerprint()
    {
        var offset = packet.Length - 8;
        if (offset < StunConstants.HeaderLength ||
            BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]) != StunConstants.Fingerprint ||
            BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) != 4)
        {
            return false;
        }

        return (Crc32.Compute(packet[..offset]) ^ StunConstants.FingerprintXor) == BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 4)..]);
    }

    /// <summary>XOR-MAPPED-ADDRESS decoded (§14.2), or null.</summary>
    public IPEndPoint? XorMappedAddress
    {
        get
        {
            if (!TryGetAttribute(StunConstants.XorMappedAddress, out var v) || v.Length < 8)
            {
                return null;
            }

            var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(v[2..]) ^ (StunConstants.MagicCookie >> 16));
            Span<byte> address = stackalloc byte[16];
            Span<byte> mask = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
            TransactionId.CopyTo(mask[4..]);
            var length = v[1] switch { 1 => 4, 2 => 16, _ => 0 };
            if (length == 0 || v.Length < 4 + length)
            {
                return null;
            }

            for (var i = 0; i < length; i++)
            {
                address[i] = (byte)(v[4 + i] ^ mask[i]);
            }

            return new IPEndPoint(new IPAddress(address[..length]), port);
        }
    }

    private int OffsetOf(ushort type)
    {
        var at = StunConstants.HeaderLength;
        while (at + 4 <= packet.Length)
        {
            var t = BinaryPrimitives.ReadUInt16BigEndian(packet[at..]);
            if (t == type)
            {
                return at;
            }

            at += 4 + Pad(BinaryPrimitives.ReadUInt16BigEndian(packet[(at + 2)..]));
        }

        return -1;
    }

    internal static int Pad(int length) => (length + 3) & ~3;
}
