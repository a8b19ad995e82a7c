using System.Buffers.Binary;
using System.Text;

namespace SmartHomeCam.Media.Rtcp;

/// <summary>
/// A receiver report (RFC 3550 §6.4.2) written as the compound packet §6.1 requires: RR first, then an SDES with
/// our CNAME. Also reads RRs (test servers record ours).
/// </summary>
public static class RtcpReceiverReport
{
    /// <summary>Room for an RR with two blocks and a CNAME of up to 64 bytes.</summary>
    public const int MaxLength = 8 + (2 * RtcpReportBlock.Length) + 8 + 64 + 4;

    /// <summary>Writes RR + SDES(CNAME); returns the compound's length.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, ReadOnlySpan<RtcpReportBlock> blocks, string cname)
    {
        var count = Math.Min(blocks.Length, 31);
        var rrLength = 8 + (count * RtcpReportBlock.Length);
        destination[0] = (byte)(0x80 | count);
        destination[1] = RtcpPacketType.ReceiverReport;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((rrLength / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        for (var i = 0; i < count; i++)
        {
            blocks[i].Write(destination[(8 + (i * RtcpReportBlock.Length))..]);
        }

        // SDES: one chunk = SSRC, CNAME item (type 1, length, text), END (0), padded to 32 bits (§6.5).
        var sdes = destination[rrLength..];
        var nameLength = Math.Min(Encoding.ASCII.GetByteCount(cname), 64);
        var chunkLength = 4 + 2 + nameLength + 1;
        var padded = (chunkLength + 3) & ~3;
        var sdesLength = 4 + padded;
        sdes[..sdesLength].Clear();
        sdes[0] = 0x81;
        sdes[1] = RtcpPacketType.SourceDescription;
        BinaryPrimitives.WriteUInt16BigEndian(sdes[2..], (ushort)((sdesLength / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(sdes[4..], senderSsrc);
        sdes[8] = 1;
        sdes[9] = (byte)nameLength;
        Encoding.ASCII.GetBytes(cname.AsSpan(0, Math.Min(cname.Length, nameLength)), sdes[10..]);
        return rrLength + sdesLength;
    }

    /// <summary>Reads an RR packet (one packet of a compound): reporter SSRC and its report blocks.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out uint reporterSsrc, out RtcpReportBlock[] blocks)
    {
        reporterSsrc = 0;
        blocks = [];
        if (packet.Length < 8 || packet[0] >> 6 != 2 || packet[1] != RtcpPacketType.ReceiverReport)
        {
            return false;
        }

        var count = packet[0] & 0x1F;
        if (packet.Length < 8 + (count * RtcpReportBlock.Length))
        {
            return false;
        }

        reporterSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        blocks = new RtcpReportBlock[count];
        for (var i = 0; i < count; i++)
        {
            blocks[i] = RtcpReportBlock.Read(packet[(8 + (i * RtcpReportBlock.Length))..]);
        }

        return true;
    }
}
