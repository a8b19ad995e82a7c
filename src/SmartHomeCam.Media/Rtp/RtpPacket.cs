using System.Buffers.Binary;

namespace SmartHomeCam.Media.Rtp;

/// <summary>
/// The fixed RTP header (RFC 3550 §5.1) of one packet and where its payload lies; CSRCs, header extension and
/// padding are skipped. A view over the caller's buffer: nothing is copied.
/// </summary>
public readonly ref struct RtpPacket
{
    public const int HeaderLength = 12;

    private RtpPacket(bool marker, int payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        Marker = marker;
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Payload = payload;
    }

    public bool Marker { get; }

    public int PayloadType { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>False for anything that is not a well-formed RTP version 2 packet (the packet is then dropped).</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet)
    {
        packet = default;
        if (data.Length < HeaderLength || data[0] >> 6 != 2)
        {
            return false;
        }

        var offset = HeaderLength + (4 * (data[0] & 0x0F));
        if ((data[0] & 0x10) != 0)
        {
            // Header extension (§5.3.1): 16-bit profile id, 16-bit length in 32-bit words.
            if (data.Length < offset + 4)
            {
                return false;
            }

            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]));
        }

        var end = data.Length;
        if ((data[0] & 0x20) != 0)
        {
            end -= data[^1]; // last octet counts the padding, itself included
        }

        if (offset > end || end > data.Length)
        {
            return false;
        }

        packet = new RtpPacket(
            (data[1] & 0x80) != 0,
            data[1] & 0x7F,
            BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            data[offset..end]);
        return true;
    }

    /// <summary>Writes a minimal header (tests and fakes); returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, bool marker, int payloadType, ushort sequenceNumber, uint timestamp, uint ssrc)
    {
        destination[0] = 0x80;
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        return HeaderLength;
    }
}
