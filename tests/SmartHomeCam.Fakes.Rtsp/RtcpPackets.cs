using System.Buffers.Binary;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>The RTCP the fake speaks (RFC 3550 §6.4): it sends sender reports and counts receiver reports.</summary>
internal static class RtcpPackets
{
    public const int SenderReport = 200;
    public const int ReceiverReport = 201;

    /// <summary>An SR without report blocks, 28 bytes.</summary>
    public static int WriteSenderReport(Span<byte> buffer, uint ssrc, DateTimeOffset now, uint rtpTimestamp, long packets, long octets)
    {
        buffer[0] = 0x80;
        buffer[1] = SenderReport;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 6);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], ssrc);
        var sinceNtpEpoch = now.UtcDateTime - new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var seconds = (ulong)sinceNtpEpoch.Ticks / TimeSpan.TicksPerSecond;
        var fraction = ((ulong)sinceNtpEpoch.Ticks % TimeSpan.TicksPerSecond << 32) / TimeSpan.TicksPerSecond;
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], (uint)seconds);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[12..], (uint)fraction);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[20..], (uint)packets);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[24..], (uint)octets);
        return 28;
    }

    /// <summary>How many receiver reports a compound packet holds (a malformed one counts what parsed before it).</summary>
    public static int CountReceiverReports(ReadOnlySpan<byte> compound)
    {
        var count = 0;
        while (compound.Length >= 4 && compound[0] >> 6 == 2)
        {
            var length = (BinaryPrimitives.ReadUInt16BigEndian(compound[2..]) + 1) * 4;
            if (compound[1] == ReceiverReport)
            {
                count++;
            }

            if (length > compound.Length)
            {
                break;
            }

            compound = compound[length..];
        }

        return count;
    }
}
