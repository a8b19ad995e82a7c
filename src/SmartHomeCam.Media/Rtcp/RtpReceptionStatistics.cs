namespace SmartHomeCam.Media.Rtcp;

/// <summary>
/// What a receiver knows about one RTP source, kept as RFC 3550 Appendix A describes: sequence numbers with wrap
/// and restart detection (A.1), expected vs received for loss (A.3), interarrival jitter (A.8, §6.4.1) and the
/// last SR for LSR/DLSR. Times are passed in, so the class is pure and testable with any clock.
/// </summary>
public sealed class RtpReceptionStatistics(int clockRate)
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulus = 1 << 16;

    private bool _started;
    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private uint _badSeq = SequenceModulus + 1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _lastTransit;
    private bool _hasTransit;
    private double _jitter;
    private uint _lsr;
    private TimeSpan _lastSrArrival;
    private bool _hasSr;

    public int ClockRate { get; } = clockRate > 0 ? clockRate : 90_000;

    /// <summary>The source's SSRC (from its packets).</summary>
    public uint Ssrc { get; private set; }

    public long Received => _received;

    /// <summary>Cumulative number lost (A.3): expected minus received; negative when duplicates arrived.</summary>
    public long CumulativeLost => _started ? ExpectedCount - _received : 0;

    /// <summary>Interarrival jitter in RTP timestamp units.</summary>
    public double Jitter => _jitter;

    public uint ExtendedHighestSequence => _cycles + _maxSeq;

    private long ExtendedMax => (long)_cycles + _maxSeq;

    private long ExpectedCount => ExtendedMax - _baseSeq + 1;

    /// <summary>Records one packet's arrival; <paramref name="arrival"/> on any monotonic clock.</summary>
    public void OnPacket(uint ssrc, ushort sequenceNumber, uint rtpTimestamp, TimeSpan arrival)
    {
        Ssrc = ssrc;
        if (!_started)
        {
            Init(sequenceNumber);
            _started = true;
        }
        else if (!UpdateSequence(sequenceNumber))
        {
            return; // bad packet (possible restart): not counted, as A.1 says
        }

        _received++;

        // A.8: transit = arrival - timestamp in RTP units; J += (|D| - J) / 16.
        var arrivalUnits = (long)(arrival.Ticks * (double)ClockRate / TimeSpan.TicksPerSecond);
        var transit = arrivalUnits - rtpTimestamp;
        if (_hasTransit)
        {
            var d = Math.Abs(transit - _lastTransit);
            if (d < int.MaxValue)
            {
                _jitter += (d - _jitter) / 16.0;
            }
        }

        _lastTransit = transit;
        _hasTransit = true;
    }

    /// <summary>Records an SR from this source (for LSR/DLSR).</summary>
    public void OnSenderReport(ulong ntpTimestamp, TimeSpan arrival)
    {
        _lsr = (uint)(ntpTimestamp >> 16);
        _lastSrArrival = arrival;
        _hasSr = true;
    }

    /// <summary>The report block for the next RR; advances the "since last report" counters (A.3).</summary>
    public RtcpReportBlock CreateReportBlock(TimeSpan now)
    {
        var expected = ExpectedCount;
        var expectedInterval = expected - _expectedPrior;
        _expectedPrior = expected;
        var receivedInterval = _received - _receivedPrior;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        uint dlsr = 0;
        if (_hasSr)
        {
            var delay = now - _lastSrArrival;
            dlsr = delay <= TimeSpan.Zero ? 0 : (uint)Math.Min(uint.MaxValue, delay.Ticks * 65536 / TimeSpan.TicksPerSecond);
        }

        return new RtcpReportBlock(
            Ssrc,
            (byte)fraction,
            (int)Math.Clamp(_started ? CumulativeLost : 0, -0x800000, 0x7FFFFF),
            _started ? ExtendedHighestSequence : 0,
            (uint)Math.Min(uint.MaxValue, _jitter),
            _hasSr ? _lsr : 0,
            dlsr);
    }

    private void Init(ushort seq)
    {
        _baseSeq = seq;
        _maxSeq = seq;
        _badSeq = SequenceModulus + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }

    private bool UpdateSequence(ushort seq)
    {
        var delta = (ushort)(seq - _maxSeq);
        if (delta < MaxDropout)
        {
            if (seq < _maxSeq)
            {
                _cycles += SequenceModulus; // wrapped
            }

            _maxSeq = seq;
        }
        else if (delta <= SequenceModulus - MaxMisorder)
        {
            // A large jump: accept it only if the next packet follows it (the sender restarted).
            if (seq == _badSeq)
            {
                Init(seq);
            }
            else
            {
                _badSeq = (uint)((seq + 1) & (SequenceModulus - 1));
                return false;
            }
        }

        // else: duplicate or reordered packet within MaxMisorder
        return true;
    }
}
