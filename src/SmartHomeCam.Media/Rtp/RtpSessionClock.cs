namespace SmartHomeCam.Media.Rtp;

/// <summary>
/// Maps each track's RTP timestamps to one monotonic 90 kHz timeline starting near zero. The first track to
/// deliver anchors the timeline; another track is placed by RTCP sender reports (RFC 3550 §6.4.1: NTP and RTP
/// time of the same instant) once both tracks have one, and by arrival time until then. Timestamps rise strictly
/// within a track (a camera that steps back is held just after the last value).
/// </summary>
public sealed class RtpSessionClock
{
    private readonly List<Track> _tracks = [];
    private Track? _reference;
    private long _referenceArrival;

    /// <summary>Registers a track with its RTP clock rate; the handle is passed back to the other calls.</summary>
    public int AddTrack(int clockRate)
    {
        _tracks.Add(new Track(clockRate > 0 ? clockRate : 90_000));
        return _tracks.Count - 1;
    }

    /// <summary>Records a sender report's NTP time (64-bit fixed point) and RTP time for the track.</summary>
    public void OnSenderReport(int track, ulong ntpTimestamp, uint rtpTimestamp)
    {
        var t = _tracks[track];
        t.SrNtpSeconds = ntpTimestamp / 4294967296.0;
        t.SrRtp = t.Unwrapper.Peek(rtpTimestamp);
        t.HasSr = true;
    }

    /// <summary>The 90 kHz time of an RTP timestamp; <paramref name="arrival90k"/> is when it arrived (any origin, 90 kHz).</summary>
    public long ToPts(int track, uint rtpTimestamp, long arrival90k)
    {
        var t = _tracks[track];
        var extended = t.Unwrapper.Unwrap(rtpTimestamp);
        if (!t.Anchored)
        {
            Anchor(t, extended, arrival90k);
        }
        else if (!t.SrAligned && t != _reference && t.HasSr && _reference is { HasSr: true })
        {
            // Both sides now have a sender report: re-place this track exactly, once, unless that would step
            // back over what was already delivered (then the arrival-based placement stays).
            var (oldRtp, oldPts) = (t.AnchorRtp, t.AnchorPts);
            Anchor(t, extended, arrival90k);
            if (t.HasOutput && t.AnchorPts <= t.LastPts)
            {
                (t.AnchorRtp, t.AnchorPts) = (oldRtp, oldPts);
            }
        }

        var pts = t.AnchorPts + ((extended - t.AnchorRtp) * 90_000 / t.ClockRate);
        if (t.HasOutput && pts <= t.LastPts)
        {
            pts = t.LastPts + 1; // strictly rising: muxers refuse repeated timestamps
        }

        t.LastPts = pts;
        t.HasOutput = true;
        return pts;
    }

    private void Anchor(Track t, long extended, long arrival90k)
    {
        t.Anchored = true;
        t.AnchorRtp = extended;
        if (_reference is null)
        {
            _reference = t;
            _referenceArrival = arrival90k;
            t.AnchorPts = 0;
            t.SrAligned = true;
            return;
        }

        var r = _reference;
        if (t.HasSr && r.HasSr)
        {
            // Wall-clock instant of this sample, then the reference track's 90 kHz time at that instant.
            var wall = t.SrNtpSeconds + ((double)(extended - t.SrRtp) / t.ClockRate);
            var referenceRtp = r.SrRtp + ((wall - r.SrNtpSeconds) * r.ClockRate);
            t.AnchorPts = r.AnchorPts + (long)Math.Round((referenceRtp - r.AnchorRtp) * 90_000 / r.ClockRate);
            t.SrAligned = true;
        }
        else
        {
            t.AnchorPts = arrival90k - _referenceArrival;
        }

    }

    private sealed class Track(int clockRate)
    {
        public int ClockRate { get; } = clockRate;

        public RtpTimestampUnwrapper Unwrapper;

        public bool Anchored { get; set; }

        public bool SrAligned { get; set; }

        public long AnchorRtp { get; set; }

        public long AnchorPts { get; set; }

        public bool HasSr { get; set; }

        public double SrNtpSeconds { get; set; }

        public long SrRtp { get; set; }

        public long LastPts { get; set; }

        public bool HasOutput { get; set; }
    }
}
