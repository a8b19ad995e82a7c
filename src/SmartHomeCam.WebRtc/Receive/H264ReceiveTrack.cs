using SmartHomeCam.Media.Rtcp;
using SmartHomeCam.Media.Rtp;

namespace SmartHomeCam.WebRtc.Receive;

/// <summary>
/// The video of one received stream: RTP back in order, the shared H.264 depacketizer (SPS/PPS kept and put before
/// every IDR, frames up to the next IDR dropped after a loss), timestamps onto a monotonic 90 kHz clock, and the
/// reception statistics for receiver reports. Says when a key frame is needed (start, loss). Single-threaded: the
/// receive loop owns it.
/// </summary>
internal sealed class H264ReceiveTrack : IDisposable
{
    private readonly RtpReorderBuffer reorder = new(depth: 16);
    private readonly H264Depacketizer depacketizer;
    private readonly RtpSessionClock clock;
    private readonly int track;
    private readonly ReceivedFrameHandler handler;
    private long arrival90k;

    /// <param name="clock">The stream's timeline, shared with its audio track so both keep one 90 kHz clock.</param>
    public H264ReceiveTrack(RtpSessionClock clock, ReceivedFrameHandler handler)
    {
        this.clock = clock;
        this.handler = handler;
        track = clock.AddTrack(90_000);
        depacketizer = new H264Depacketizer([], OnAccessUnit);
    }

    /// <summary>This track's handle on the shared <see cref="RtpSessionClock"/> (sender reports place it).</summary>
    public int Track => track;

    public RtpReceptionStatistics Statistics { get; } = new(90_000);

    /// <summary>No key frame yet since the start or since the last loss: the caller keeps asking with PLI.</summary>
    public bool NeedsKeyframe { get; private set; } = true;

    public uint? MediaSsrc { get; private set; }

    public long LostPackets => reorder.Lost;

    public long Keyframes { get; private set; }

    public long Frames { get; private set; }

    /// <summary>One decrypted RTP packet of an accepted H.264 payload type.</summary>
    public void Push(ReadOnlySpan<byte> rtp, TimeSpan arrival)
    {
        if (!RtpPacket.TryParse(rtp, out var packet))
        {
            return;
        }

        if (MediaSsrc is { } known && known != packet.Ssrc)
        {
            // The sender restarted its stream (new SSRC): everything after it is a new sequence space.
            depacketizer.OnLoss();
            NeedsKeyframe = true;
        }

        MediaSsrc = packet.Ssrc;
        Statistics.OnPacket(packet.Ssrc, packet.SequenceNumber, packet.Timestamp, arrival);
        arrival90k = arrival.Ticks * 9 / 1000; // 100 ns ticks → 90 kHz
        reorder.Push(rtp, packet.SequenceNumber);
        while (reorder.TryPop(out var next, out var lostBefore))
        {
            if (lostBefore > 0)
            {
                NeedsKeyframe = true;
            }

            if (RtpPacket.TryParse(next, out var ordered))
            {
                depacketizer.Push(ordered.Payload, ordered.Timestamp, ordered.Marker, lostBefore);
            }
        }
    }

    public void Dispose()
    {
        reorder.Dispose();
        depacketizer.Dispose();
    }

    private void OnAccessUnit(ReadOnlySpan<byte> accessUnit, uint rtpTimestamp, bool isKeyframe, bool discontinuity)
    {
        var pts = clock.ToPts(track, rtpTimestamp, arrival90k);
        if (isKeyframe)
        {
            NeedsKeyframe = false;
            Keyframes++;
        }

        Frames++;
        // A loss inside one session keeps the clock: the frames skipped up to this IDR leave no timestamp jump,
        // so no HLS discontinuity is needed (that flag is for a restart of the source).
        handler(accessUnit, pts, isKeyframe);
    }
}

/// <summary>One access unit in Annex B form with its 90 kHz time; the span is valid only during the call.</summary>
internal delegate void ReceivedFrameHandler(ReadOnlySpan<byte> accessUnit, long pts, bool isKeyframe);
