using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace SmartHomeCam.WebRtc.Stun;

/// <summary>
/// Writes one STUN message into a caller's buffer (no allocation): header, attributes, then optionally
/// MESSAGE-INTEGRITY and FINGERPRINT, which must come last in that order (RFC 8489 §14.5, §14.7).
/// </summary>
public ref struct StunWriter
{
    private readonly Span<byte> buffer;
    private int length;

    public StunWriter(Span<byte> buffer, ushort type, ReadOnlySpan<byte> transactionId)
    {
        if (buffer.Length < StunConstants.HeaderLength || transactionId.Length != 12)
        {
            throw new ArgumentException("A STUN header needs 20 bytes and a 12-byte transaction id.");
        }

        this.buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunConstants.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        length = StunConstants.HeaderLength;
        SetLength();
    }

    public readonly int Length => length;

    public readonly ReadOnlySpan<byte> Written => buffer[..length];

    public void Add(ushort type, scoped ReadOnlySpan<byte> value)
    {
        var padded = StunMessage.Pad(value.Length);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[length..], type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(length + 2)..], (ushort)value.Length);
        value.CopyTo(buffer[(length + 4)..]);
        buffer.Slice(length + 4 + value.Length, padded - value.Length).Clear();
        length += 4 + padded;
        SetLength();
    }

    public void AddUInt32(ushort type, uint value)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(v, value);
        Add(type, v);
    }

    public void AddUInt64(ushort type, ulong value)
    {
        Span<byte> v = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(v, value);
        Add(type, v);
    }

    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        Span<byte> v = stackalloc byte[v6 ? 20 : 8];
        v[0] = 0;
        v[1] = (byte)(v6 ? 2 : 1);
        BinaryPrimitives.WriteUInt16BigEndian(v[2..], (ushort)(endPoint.Port ^ (StunConstants.MagicCookie >> 16)));
        address.TryWriteBytes(v[4..], out _);
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        buffer.Slice(8, 12).CopyTo(mask[4..]);
        for (var i = 0; i < v.Length - 4; i++)
        {
            v[4 + i] ^= mask[i];
        }

        Add(StunConstants.XorMappedAddress, v);
    }

    /// <summary>MESSAGE-INTEGRITY with the short-term key (§14.5): HMAC-SHA1 over the message so far, length including it.</summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        var start = length;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)(start + 24 - StunConstants.HeaderLength));
        Span<byte> mac = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 8489 §14.5 fixes HMAC-SHA1 for MESSAGE-INTEGRITY
        HMACSHA1.HashData(key, buffer[..start], mac);
#pragma warning restore CA5350
        Add(StunConstants.MessageIntegrity, mac);
    }

    public void AddFingerprint()
    {
        var start = length;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)(start + 8 - StunConstants.HeaderLength));
        AddUInt32(StunConstants.Fingerprint, Crc32.Compute(buffer[..start]) ^ StunConstants.FingerprintXor);
    }

    private readonly void SetLength() => BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)(length - StunConstants.HeaderLength));
}
