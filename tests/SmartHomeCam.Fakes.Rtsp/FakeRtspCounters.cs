using System.Collections.Concurrent;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>What a test asserts on: streams, requests, receiver reports and what was sent after the client left.</summary>
public sealed class FakeRtspCounters
{
    private readonly ConcurrentQueue<TimeSpan> _rrIntervals = new();
    private readonly ConcurrentQueue<string> _methods = new();
    private readonly ConcurrentQueue<FakeRtspStreamEnd> _ends = new();
    private int _openStreams;
    private int _streamsStarted;
    private int _teardowns;
    private long _receiverReports;
    private long _packetsToNobody;
    private long _rtpPackets;
    private long _senderReports;
    private int _connections;

    /// <summary>Sessions currently sending RTP (orphans included).</summary>
    public int OpenStreams => Volatile.Read(ref _openStreams);

    public int StreamsStarted => Volatile.Read(ref _streamsStarted);

    public int Teardowns => Volatile.Read(ref _teardowns);

    public long ReceiverReports => Interlocked.Read(ref _receiverReports);

    public long PacketsToNobody => Interlocked.Read(ref _packetsToNobody);

    public long RtpPackets => Interlocked.Read(ref _rtpPackets);

    public long SenderReports => Interlocked.Read(ref _senderReports);

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Gaps between consecutive receiver reports of one session.</summary>
    public IReadOnlyCollection<TimeSpan> ReceiverReportIntervals => [.. _rrIntervals];

    /// <summary>Every request method in arrival order.</summary>
    public IReadOnlyCollection<string> Methods => [.. _methods];

    /// <summary>How each stream ended.</summary>
    public IReadOnlyCollection<FakeRtspStreamEnd> Ends => [.. _ends];

    public int Count(string method) => _methods.Count(m => string.Equals(m, method, StringComparison.Ordinal));

    internal void Request(string method) => _methods.Enqueue(method);

    internal void Connected() => Interlocked.Increment(ref _connections);

    internal void StreamStarted()
    {
        Interlocked.Increment(ref _streamsStarted);
        Interlocked.Increment(ref _openStreams);
    }

    internal void StreamEnded(FakeRtspStreamEnd end)
    {
        Interlocked.Decrement(ref _openStreams);
        _ends.Enqueue(end);
    }

    internal void Teardown() => Interlocked.Increment(ref _teardowns);

    internal void ReceiverReport(TimeSpan? interval)
    {
        Interlocked.Increment(ref _receiverReports);
        if (interval is { } gap)
        {
            _rrIntervals.Enqueue(gap);
        }
    }

    internal void RtpSent(bool toNobody)
    {
        Interlocked.Increment(ref _rtpPackets);
        if (toNobody)
        {
            Interlocked.Increment(ref _packetsToNobody);
        }
    }

    internal void SenderReport() => Interlocked.Increment(ref _senderReports);
}
