using System.Buffers.Binary;

namespace SmartHomeCam.Media.Rtcp;

/// <summary>
/// One reception report block (RFC 3550 §6.4.1): about one source, the fraction lost since the last report
/// (8-bit fixed point), cumulative lost (24-bit signed), extended highest sequence number, interarrival jitter
/// (RTP units), LSR (middle 32 bits of the last SR's NTP time) and DLSR (delay since it, 1/65536 s).
/// </summary>
public readonly record struct RtcpReportBlock(
    uint Ssrc, byte FractionLost, int CumulativeLost, uint ExtendedHighestSequence, uint Jitter, uint Lsr, uint Dlsr)
{
    public const int Length = 24;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        var lost = Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | ((uint)lost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], Lsr);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], Dlsr);
    }

    public static RtcpReportBlock Read(ReadOnlySpan<byte> source)
    {
        var word = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        var lost = (int)(word & 0xFFFFFF);
        if ((lost & 0x800000) != 0)
        {
            lost -= 0x1000000; // sign-extend the 24-bit field
        }

        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            (byte)(word >> 24),
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
    }
}
