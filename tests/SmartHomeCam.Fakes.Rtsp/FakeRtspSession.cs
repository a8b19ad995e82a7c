using System.Diagnostics;
using System.Security.Cryptography;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>
/// One RTSP session: its tracks' transports, the paced sender (video frames and AAC frames on a wall-clock schedule,
/// SRs on their interval) and the camera rules (RR watchdog, deadline, orphan linger).
/// </summary>
internal sealed class FakeRtspSession
{
    private readonly FakeRtspServer _server;
    private readonly FakeRtspServerOptions _options;
    private readonly FakeRtpTransport?[] _transports = new FakeRtpTransport?[2];
    private readonly RtpWriter?[] _writers = new RtpWriter?[2];
    private readonly uint[] _timestampBase = [(uint)Random.Shared.NextInt64(uint.MaxValue), (uint)Random.Shared.NextInt64(uint.MaxValue)];
    private readonly long[] _lastRrTicks = new long[2];
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private long _lastAnyRrTicks;
    private long _orphanedAtTicks;
    private long _startedTicks;
    private int _ended;
    private Task? _sender;

    public FakeRtspSession(FakeRtspServer server, FakeRtspConnection connection, Uri url)
    {
        _server = server;
        _options = server.Options;
        Connection = connection;
        Url = url;
        Deadline = _options.SessionDeadline?.Invoke(url);
    }

    public string Id { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    public Uri Url { get; }

    public DateTimeOffset? Deadline { get; }

    public FakeRtspConnection? Connection { get; private set; }

    public bool Playing => _sender is not null;

    public bool Orphaned => Interlocked.Read(ref _orphanedAtTicks) != 0;

    public bool Ended => Volatile.Read(ref _ended) != 0;

    public bool HasTrack(int track) => _transports[track] is not null;

    public RtpWriter? Writer(int track) => _writers[track];

    public uint TimestampBase(int track) => _timestampBase[track];

    public void AddTrack(int track, FakeRtpTransport transport, int payloadType)
    {
        lock (_gate)
        {
            _transports[track]?.Dispose();
            _transports[track] = transport;
            _writers[track] = new RtpWriter(payloadType, (uint)Random.Shared.NextInt64(1, uint.MaxValue), _options.MaxPayload);
            transport.StartReceiving(count => OnRtcp(track, count));
        }
    }

    /// <summary>A client's interleaved RTCP for this session's channel.</summary>
    public void OnInterleaved(int channel, ReadOnlySpan<byte> data)
    {
        for (var track = 0; track < 2; track++)
        {
            if (_transports[track] is { IsUdp: false } t && t.Channel + 1 == channel)
            {
                OnRtcp(track, RtcpPackets.CountReceiverReports(data));
            }
        }
    }

    public void Play()
    {
        lock (_gate)
        {
            if (_sender is not null || Ended)
            {
                return;
            }

            _startedTicks = Stopwatch.GetTimestamp();
            _server.Counters.StreamStarted();
            _sender = Task.Run(SendLoopAsync);
        }
    }

    /// <summary>The RTSP connection closed without TEARDOWN: a playing stream keeps going (to nobody), anything else ends.</summary>
    public void ConnectionLost(FakeRtspConnection connection)
    {
        if (!ReferenceEquals(Connection, connection))
        {
            return;
        }

        Connection = null;
        if (Playing)
        {
            Interlocked.CompareExchange(ref _orphanedAtTicks, Stopwatch.GetTimestamp(), 0);
        }
        else
        {
            End(FakeRtspEndReason.Teardown);
        }
    }

    public void End(FakeRtspEndReason reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        _server.Remove(this);
        lock (_gate)
        {
            foreach (var transport in _transports)
            {
                transport?.Dispose();
            }

            if (_sender is not null)
            {
                var end = new FakeRtspStreamEnd(Id, reason, Stopwatch.GetElapsedTime(_startedTicks), Orphaned);
                _server.Counters.StreamEnded(end);
                _server.RaiseStreamEnded(end);
            }
        }

        if (reason is FakeRtspEndReason.ReceiverReportTimeout or FakeRtspEndReason.Deadline)
        {
            Connection?.Abort(); // the camera drops the client
        }
    }

    private void OnRtcp(int track, int receiverReports)
    {
        if (receiverReports <= 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Exchange(ref _lastRrTicks[track], now);
        Interlocked.Exchange(ref _lastAnyRrTicks, now);
        for (var i = 0; i < receiverReports; i++)
        {
            _server.Counters.ReceiverReport(last == 0 || i > 0 ? null : Stopwatch.GetElapsedTime(last, now));
        }
    }

    private async Task SendLoopAsync()
    {
        var media = _options.Media;
        var audio = _transports[1] is not null ? media.Audio : null;
        var start = Stopwatch.GetTimestamp();
        var frequency = (double)Stopwatch.Frequency;
        long videoIndex = 0;
        long audioIndex = 0;
        var nextReport = 0.0;
        var rtcp = new byte[64];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var now = (Stopwatch.GetTimestamp() - start) / frequency;
                if (CheckRules())
                {
                    return;
                }

                if (now >= nextReport)
                {
                    await SendReportsAsync(rtcp, now, audio).ConfigureAwait(false);
                    nextReport = now + _options.SenderReportInterval.TotalSeconds;
                }

                var videoDue = videoIndex / (double)media.Fps;
                if (_transports[0] is not null && now >= videoDue)
                {
                    var unit = media.AccessUnits[(int)(videoIndex % media.AccessUnits.Count)];
                    var ts = unchecked(_timestampBase[0] + (uint)(videoIndex * media.FrameTicks));
                    await _writers[0]!.WriteAccessUnitAsync(media.Video.AsMemory(unit.Offset, unit.Length), ts, p => SendAsync(0, false, p)).ConfigureAwait(false);
                    videoIndex++;
                    continue;
                }

                var audioDue = audio is null ? double.MaxValue : audioIndex * 1024.0 / audio.SampleRate;
                if (audio is not null && now >= audioDue)
                {
                    var frame = audio.Frames[(int)(audioIndex % audio.Frames.Count)];
                    var ts = unchecked(_timestampBase[1] + (uint)(audioIndex * 1024));
                    await _writers[1]!.WriteAacAsync(audio.Data.AsMemory(frame.Offset, frame.Length), ts, p => SendAsync(1, false, p)).ConfigureAwait(false);
                    audioIndex++;
                    continue;
                }

                var wake = Math.Min(Math.Min(_transports[0] is null ? double.MaxValue : videoDue, audioDue), nextReport);
                var delay = TimeSpan.FromSeconds(Math.Clamp(wake - now, 0.001, 0.1));
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>True when a rule ended the session.</summary>
    private bool CheckRules()
    {
        if (_options.ReceiverReportTimeout is { } rrTimeout)
        {
            var last = Interlocked.Read(ref _lastAnyRrTicks);
            if (last != 0 && Stopwatch.GetElapsedTime(last) > rrTimeout)
            {
                End(FakeRtspEndReason.ReceiverReportTimeout);
                return true;
            }
        }

        if (Deadline is { } deadline && DateTimeOffset.UtcNow >= deadline)
        {
            End(FakeRtspEndReason.Deadline);
            return true;
        }

        var orphaned = Interlocked.Read(ref _orphanedAtTicks);
        if (orphaned != 0 && _options.OrphanLinger is { } linger && Stopwatch.GetElapsedTime(orphaned) > linger)
        {
            End(FakeRtspEndReason.OrphanExpired);
            return true;
        }

        return false;
    }

    private async ValueTask SendReportsAsync(byte[] buffer, double now, FakeRtspAudio? audio)
    {
        for (var track = 0; track < 2; track++)
        {
            if (_writers[track] is not { } writer)
            {
                continue;
            }

            var clock = track == 0 ? 90_000 : audio?.SampleRate ?? 90_000;
            var ts = unchecked(_timestampBase[track] + (uint)(long)(now * clock));
            var length = RtcpPackets.WriteSenderReport(buffer, writer.Ssrc, DateTimeOffset.UtcNow, ts, writer.Packets, writer.Octets);
            await SendAsync(track, true, buffer.AsMemory(0, length)).ConfigureAwait(false);
            _server.Counters.SenderReport();
        }
    }

    private async ValueTask SendAsync(int track, bool rtcp, ReadOnlyMemory<byte> packet)
    {
        var delivered = _transports[track] is { } transport && await transport.SendAsync(rtcp, packet).ConfigureAwait(false);
        if (!rtcp)
        {
            _server.Counters.RtpSent(!delivered || Orphaned);
        }
    }
}
