namespace SmartHomeCam.Rtsp;

/// <summary>
/// Live counters of one <see cref="RtspCameraSource"/>, safe to read from any thread (the Arlo source and the
/// benchmark watch them): RTP packets, losses, malformed input, and the RTCP receiver reports we send.
/// </summary>
public sealed class RtspSourceStatistics
{
    private long _packets;
    private long _lost;
    private long _malformed;
    private long _framesDropped;
    private long _receiverReports;
    private long _senderReports;
    private long _keepAlives;
    private long _lastInterval;
    private long _maxInterval;

    public long PacketsReceived => Interlocked.Read(ref _packets);

    /// <summary>RTP packets never received (gaps in sequence numbers).</summary>
    public long PacketsLost => Interlocked.Read(ref _lost);

    /// <summary>RTP/RTCP packets and payloads that could not be read and were dropped.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformed);

    /// <summary>Frames dropped because they could not decode (after a loss) or the reader fell behind.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    public long ReceiverReportsSent => Interlocked.Read(ref _receiverReports);

    public long SenderReportsReceived => Interlocked.Read(ref _senderReports);

    public long KeepAlivesSent => Interlocked.Read(ref _keepAlives);

    /// <summary>Time between the last two receiver-report rounds.</summary>
    public TimeSpan LastReceiverReportInterval => TimeSpan.FromTicks(Interlocked.Read(ref _lastInterval));

    /// <summary>The longest gap between receiver-report rounds so far.</summary>
    public TimeSpan MaxReceiverReportInterval => TimeSpan.FromTicks(Interlocked.Read(ref _maxInterval));

    internal void AddPacket() => Interlocked.Increment(ref _packets);

    internal void AddLost(long count) => Interlocked.Add(ref _lost, count);

    internal void AddMalformed(long count = 1) => Interlocked.Add(ref _malformed, count);

    internal void AddFrameDropped() => Interlocked.Increment(ref _framesDropped);

    internal void AddSenderReport() => Interlocked.Increment(ref _senderReports);

    internal void AddKeepAlive() => Interlocked.Increment(ref _keepAlives);

    internal void AddReceiverReports(int count, TimeSpan sinceLastRound)
    {
        Interlocked.Add(ref _receiverReports, count);
        if (sinceLastRound > TimeSpan.Zero)
        {
            Interlocked.Exchange(ref _lastInterval, sinceLastRound.Ticks);
            if (sinceLastRound.Ticks > Interlocked.Read(ref _maxInterval))
            {
                Interlocked.Exchange(ref _maxInterval, sinceLastRound.Ticks);
            }
        }
    }
}
