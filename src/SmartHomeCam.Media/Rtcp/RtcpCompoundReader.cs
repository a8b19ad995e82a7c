using System.Buffers.Binary;

namespace SmartHomeCam.Media.Rtcp;

/// <summary>
/// Walks the packets of a compound RTCP datagram (RFC 3550 §6.1): each starts with V=2, a type and a length in
/// 32-bit words minus one. Stops at the first packet that does not fit, so garbage ends the walk, not the session.
/// </summary>
public ref struct RtcpCompoundReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    /// <summary>The current packet's type (200 = SR, 201 = RR, …).</summary>
    public int PacketType { get; private set; }

    /// <summary>The current packet's first header byte's low 5 bits (report count, SDES chunk count, …).</summary>
    public int Count { get; private set; }

    /// <summary>The whole current packet, header included.</summary>
    public ReadOnlySpan<byte> Packet { get; private set; }

    public bool MoveNext()
    {
        if (_rest.Length < 4 || _rest[0] >> 6 != 2)
        {
            return false;
        }

        var length = (BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]) + 1) * 4;
        if (length > _rest.Length)
        {
            return false;
        }

        Count = _rest[0] & 0x1F;
        PacketType = _rest[1];
        Packet = _rest[..length];
        _rest = _rest[length..];
        return true;
    }
}
