using System.Buffers.Binary;
using SmartHomeCam.Media;

namespace SmartHomeCam.WebRtc.Rtp;

/// <summary>
/// Opus into RTP for one sending SSRC (RFC 7587): one Opus packet per RTP packet, its payload as it is (§4.2); the
/// 48 kHz timestamp from the 90 kHz media time (× 8 / 15) plus this stream's random offset; the marker bit on the
/// first packet of a talkspurt (§4.1): the first one sent and the first after a gap (DTX at the camera, or a loss
/// before us). Owned by one send loop.
/// </summary>
public sealed class OpusPacketizer(uint ssrc, int payloadType, ushort firstSequence, uint timestampOffset)
{
    public const int HeaderLength = 12;

    private long nextPts = long.MinValue;

    public uint Ssrc { get; } = ssrc;

    public ushort NextSequence { get; private set; } = firstSequence;

    public uint Packets { get; private set; }

    /// <summary>Payload bytes sent (the SR's octet count).</summary>
    public uint Octets { get; private set; }

    /// <summary>The RTP timestamp of a 90 kHz media time on this stream.</summary>
    public uint RtpTimestamp(long pts90k) => (uint)(OpusTrack.ToRtpClock(pts90k) + timestampOffset);

    /// <summary>Writes the RTP packet of <paramref name="opus"/> (lasting <paramref name="samples"/> at 48 kHz) to <paramref name="buffer"/>; returns its length.</summary>
    public int Write(Span<byte> buffer, ReadOnlySpan<byte> opus, long pts90k, int samples)
    {
        // A jump of more than one 2.5 ms frame either way is a new talkspurt.
        var marker = nextPts == long.MinValue || Math.Abs(pts90k - nextPts) > OpusTrack.To90k(120);
        buffer[0] = 0x80;
        buffer[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], NextSequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], RtpTimestamp(pts90k));
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], Ssrc);
        opus.CopyTo(buffer[HeaderLength..]);
        NextSequence++;
        Packets++;
        Octets += (uint)opus.Length;
        nextPts = pts90k + OpusTrack.To90k(samples);
        return HeaderLength + opus.Length;
    }
}
