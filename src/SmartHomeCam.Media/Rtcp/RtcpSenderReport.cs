using System.Buffers.Binary;

namespace SmartHomeCam.Media.Rtcp;

/// <summary>The sender info of an RTCP SR (RFC 3550 §6.4.1).</summary>
public readonly record struct RtcpSenderReport(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    public const int Length = 28;

    /// <summary>The middle 32 bits of the NTP timestamp: what a receiver echoes as LSR.</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpSenderReport report)
    {
        report = default;
        if (packet.Length < Length || packet[0] >> 6 != 2 || packet[1] != RtcpPacketType.SenderReport)
        {
            return false;
        }

        report = new RtcpSenderReport(
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt64BigEndian(packet[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[20..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[24..]));
        return true;
    }

    /// <summary>Writes an SR without report blocks (tests and fakes); returns its length.</summary>
    public int Write(Span<byte> destination)
    {
        destination[0] = 0x80;
        destination[1] = RtcpPacketType.SenderReport;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (Length / 4) - 1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], OctetCount);
        return Length;
    }
}
