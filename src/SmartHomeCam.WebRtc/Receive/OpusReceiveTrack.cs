using SmartHomeCam.Media;
using SmartHomeCam.Media.Rtcp;
using SmartHomeCam.Media.Rtp;
using SmartHomeCam.WebRtc.Rtp;

namespace SmartHomeCam.WebRtc.Receive;

/// <summary>
/// The Opus audio of one received stream (RFC 7587): RTP back in order (a short window: audio waits for a gap
/// at most a few packets), one Opus packet per RTP payload passed through as it is, its 48 kHz timestamp put on
/// the 90 kHz timeline it shares with the video (so lip sync survives), reception statistics for receiver
/// reports. A payload that is not a well-formed Opus packet is dropped. Single-threaded: the receive loop owns it.
/// </summary>
internal sealed class OpusReceiveTrack : IDisposable
{
    private readonly RtpReorderBuffer reorder = new(depth: 4);
    private readonly RtpSessionClock clock;
    private readonly ReceivedAudioHandler handler;
    private long arrival90k;

    public OpusReceiveTrack(RtpSessionClock clock, ReceivedAudioHandler handler)
    {
        this.clock = clock;
        this.handler = handler;
        Track = clock.AddTrack(OpusTrack.ClockRate);
    }

    /// <summary>This track's handle on the shared <see cref="RtpSessionClock"/> (sender reports place it).</summary>
    public int Track { get; }

    public RtpReceptionStatistics Statistics { get; } = new(OpusTrack.ClockRate);

    public uint? MediaSsrc { get; private set; }

    public long Frames { get; private set; }

    /// <summary>Payloads that were not Opus packets (RFC 6716 §3.4), dropped.</summary>
    public long Malformed { get; private set; }

    public long LostPackets => reorder.Lost;

    /// <summary>One decrypted RTP packet of the accepted Opus payload type.</summary>
    public void Push(ReadOnlySpan<byte> rtp, TimeSpan arrival)
    {
        if (!RtpPacket.TryParse(rtp, out var packet))
        {
            Malformed++;
            return;
        }

        MediaSsrc = packet.Ssrc;
        Statistics.OnPacket(packet.Ssrc, packet.SequenceNumber, packet.Timestamp, arrival);
        arrival90k = arrival.Ticks * 9 / 1000; // 100 ns ticks → 90 kHz
        reorder.Push(rtp, packet.SequenceNumber);
        while (reorder.TryPop(out var next, out _))
        {
            // A lost packet leaves a gap in the timestamps; the display's decoder conceals it (RFC 6716 §4.4).
            if (!RtpPacket.TryParse(next, out var ordered) || !OpusPacket.TryGetDuration(ordered.Payload, out _))
            {
                Malformed++;
                continue;
            }

            Frames++;
            handler(ordered.Payload, clock.ToPts(Track, ordered.Timestamp, arrival90k));
        }
    }

    public void Dispose() => reorder.Dispose();
}

/// <summary>One Opus packet with its 90 kHz time; the span is valid only during the call.</summary>
internal delegate void ReceivedAudioHandler(ReadOnlySpan<byte> opus, long pts);
