using System.Buffers.Binary;

namespace SmartHomeCam.WebRtc.Rtcp;

/// <summary>Writes the RTCP packets this stack sends: SR (RFC 3550 §6.4.1), empty RR, PLI (RFC 4585 §6.3.1).</summary>
public static class RtcpWriter
{
    /// <summary>A sender report without report blocks: 28 bytes.</summary>
    public static int SenderReport(Span<byte> buffer, uint ssrc, DateTimeOffset wallClock, uint rtpTimestamp, uint packets, uint octets) =>
        new SmartHomeCam.Media.Rtcp.RtcpSenderReport(ssrc, ToNtp(wallClock), rtpTimestamp, packets, octets).Write(buffer);

    /// <summary>A receiver report without report blocks: 8 bytes (the first packet of a compound from a receiver).</summary>
    public static int EmptyReceiverReport(Span<byte> buffer, uint ssrc)
    {
        buffer[0] = 0x80;
        buffer[1] = RtcpReader.ReceiverReport;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], ssrc);
        return 8;
    }

    public static int PictureLossIndication(Span<byte> buffer, uint senderSsrc, uint mediaSsrc)
    {
        buffer[0] = 0x81;
        buffer[1] = RtcpReader.PayloadFeedback;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 2);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], mediaSsrc);
        return 12;
    }

    /// <summary>NTP timestamp: seconds since 1900 in the high word, fraction in the low word.</summary>
    public static ulong ToNtp(DateTimeOffset time)
    {
        var sinceEpoch = time - new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var seconds = (ulong)sinceEpoch.Ticks / TimeSpan.TicksPerSecond;
        var fraction = ((ulong)sinceEpoch.Ticks % TimeSpan.TicksPerSecond << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }
}
