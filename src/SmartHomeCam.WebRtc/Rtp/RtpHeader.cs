using System.Buffers.Binary;

namespace SmartHomeCam.WebRtc.Rtp;

/// <summary>
/// The fixed 12-byte RTP header (RFC 3550 §5.1) a viewer puts before a payload every viewer shares: version 2, no
/// padding, extension or CSRCs; only marker, payload type, sequence number, timestamp and SSRC differ per viewer.
/// </summary>
public static class RtpHeader
{
    public const int Length = 12;

    /// <summary>Writes the header and then <paramref name="payload"/> into <paramref name="packet"/>; returns the packet length.</summary>
    public static int Write(Span<byte> packet, int payloadType, bool marker, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        if (packet.Length < Length + payload.Length)
        {
            throw new ArgumentException("The packet buffer is too small for the header and payload.", nameof(packet));
        }

        packet[0] = 0x80;
        packet[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
        payload.CopyTo(packet[Length..]);
        return Length + payload.Length;
    }
}
