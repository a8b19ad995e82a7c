using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;
using SmartHomeCam.Media.H264;
using SmartHomeCam.Media.Rtcp;
using SmartHomeCam.Media.Rtp;
using SmartHomeCam.Media.Sdp;
using SmartHomeCam.Rtsp.Protocol;

namespace SmartHomeCam.Rtsp;

/// <summary>
/// An RTSP (or RTSPS) camera as a capture source: OPTIONS, DESCRIBE, SETUP, PLAY, keep-alive and RTCP receiver
/// reports while it plays, TEARDOWN on dispose. <see cref="ICameraSource.OpenAsync"/> throws
/// <see cref="CameraSourceException"/> (inner <see cref="RtspStatusException"/> for an error status).
/// </summary>
public sealed class RtspCameraSource(RtspSourceOptions options, ILogger<RtspCameraSource>? logger = null, TimeProvider? time = null)
    : ICameraSource
{
    private static readonly TimeSpan MaxReportInterval = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = logger ?? NullLogger<RtspCameraSource>.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly CancellationTokenSource _stopping = new();
    private readonly FrameQueue _frames = new();
    private readonly RtpSessionClock _clock = new();
    private readonly List<RtspTrack> _tracks = [];
    private readonly List<Task> _loops = [];
    private readonly Lock _mediaLock = new();
    private readonly uint _ssrc = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
    private readonly string _cname = $"shc-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
    private RtspClient? _client;
    private string? _aggregateUrl;
    private long _startTimestamp;
    private long _lastMediaTimestamp;
    private Task? _teardown;
    private int _opened;
    private int _disposed;

    public RtspSourceOptions Options { get; } = options;

    public RtspSourceStatistics Statistics { get; } = new();

    /// <summary>The RTSP session id once SETUP answered (Arlo journals it to tear down after a crash).</summary>
    public string? SessionId => _client?.SessionId;

    /// <summary>The camera's video codec in ffmpeg's naming: <c>h264</c>, or <c>hevc</c> (transcoder mode only).</summary>
    public string VideoCodec { get; private set; } = "h264";

    /// <summary>G.711 / L16 audio passed on raw as <see cref="MediaKind.Audio"/> frames (transcoder mode only).</summary>
    internal RawAudioFormat? RawAudio { get; private set; }

    /// <summary>The video's SPS once known (SDP or in-band), for the probe's resolution.</summary>
    internal byte[] CurrentSps { get; private set; } = [];

    private TimeSpan ReportInterval =>
        Options.ReceiverReportInterval <= TimeSpan.Zero || Options.ReceiverReportInterval > MaxReportInterval
            ? MaxReportInterval
            : Options.ReceiverReportInterval;

    public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _opened, 1) != 0)
        {
            throw new InvalidOperationException("OpenAsync is called once");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _startTimestamp = _time.GetTimestamp();
        _client = new RtspClient(Options, _logger);
        try
        {
            return await OpenCoreAsync(_client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await TeardownOnceAsync().ConfigureAwait(false);
            throw Translate(e);
        }
        catch (OperationCanceledException)
        {
            await TeardownOnceAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _opened) == 0 || _client is null)
        {
            throw new InvalidOperationException("OpenAsync first");
        }

        // A reader that gives up must not leave a battery camera streaming, even if nobody disposes us.
        await using var onCancel = cancellationToken.Register(() => _ = TeardownOnceAsync());
        byte[]? previous = null;
        try
        {
            var reader = _frames.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    if (previous is not null)
                    {
                        System.Buffers.ArrayPool<byte>.Shared.Return(previous);
                    }

                    previous = frame.Buffer;
                    yield return frame.ToMediaFrame();
                }
            }
        }
        finally
        {
            if (previous is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(previous);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await TeardownOnceAsync().ConfigureAwait(false);
        _frames.Complete();
        _frames.Drain();
        lock (_mediaLock)
        {
            foreach (var track in _tracks)
            {
                track.Dispose();
            }
        }

        _stopping.Dispose();
    }

    private async Task<MediaTracks> OpenCoreAsync(RtspClient client, CancellationToken cancellationToken)
    {
        var describe = await client.DescribeAsync(cancellationToken).ConfigureAwait(false);
        var sdp = SdpParser.TryParse(describe.Body) ?? throw new CameraSourceException("The RTSP server sent no usable session description");
        var video = sdp.FirstVideo ?? throw new RtspUnsupportedCodecException("");
        var hevc = Options.ForTranscoder && (video.Is("H265") || video.Is("HEVC"));
        if (!video.Is("H264") && !hevc)
        {
            throw new RtspUnsupportedCodecException(video.EncodingName);
        }

        if (hevc && H265FormatParameters.UsesDecodingOrderNumbers(video))
        {
            throw new CameraSourceException("The camera sends H.265 with decoding-order numbers (sprop-max-don-diff), which this service cannot read; turn that off");
        }

        var baseUrl = describe.Header("Content-Base") ?? describe.Header("Content-Location") ?? client.Url.AbsoluteUri;
        _aggregateUrl = sdp.Control is null or "*" ? baseUrl : ControlUrl.Resolve(baseUrl, sdp.Control);

        var parameterSets = hevc ? [] : H264FormatParameters.ParameterSets(video);
        var videoTrack = new RtspTrack(video, ControlUrl.Resolve(baseUrl, video.Control), MediaKind.Video, _clock.AddTrack(video.ClockRate), ReorderDepth);
        if (hevc)
        {
            VideoCodec = "hevc";
            videoTrack.Hevc = new H265Depacketizer(H265FormatParameters.ParameterSets(video), (au, ts, key, disc) => OnAccessUnit(videoTrack, au, ts, key, disc));
        }
        else
        {
            videoTrack.Video = new H264Depacketizer(parameterSets, (au, ts, key, disc) => OnAccessUnit(videoTrack, au, ts, key, disc));
            CurrentSps = videoTrack.Video.Sps.ToArray();
        }

        _tracks.Add(videoTrack);

        AacTrack? audio = null;
        if (Options.Audio && sdp.FirstAudio is { } audioMedia)
        {
            var aac = AacFormatParameters.TryParse(audioMedia);
            if (aac is not null && AdtsWriter.CanDescribe(aac.Track))
            {
                var audioTrack = new RtspTrack(audioMedia, ControlUrl.Resolve(baseUrl, audioMedia.Control), MediaKind.Audio, _clock.AddTrack(audioMedia.ClockRate), ReorderDepth);
                audioTrack.Audio = new AacDepacketizer(aac, (frame, ts, disc) => OnAudioFrame(audioTrack, frame, ts, disc));
                _tracks.Add(audioTrack);
                audio = aac.Track;
            }
            else if (Options.ForTranscoder && RawAudioFormat.TryFrom(audioMedia) is { } raw)
            {
                var audioTrack = new RtspTrack(audioMedia, ControlUrl.Resolve(baseUrl, audioMedia.Control), MediaKind.Audio, _clock.AddTrack(audioMedia.ClockRate), ReorderDepth)
                {
                    RawAudio = true,
                };
                _tracks.Add(audioTrack);
                RawAudio = raw;
            }
            else
            {
                _logger.LogInformation("RTSP camera audio is {Codec}, not AAC: audio dropped", audioMedia.EncodingName);
            }
        }

        var connection = client.Connection!;
        connection.Interleaved = OnInterleaved;
        for (var i = 0; i < _tracks.Count; i++)
        {
            await SetupAsync(client, _tracks[i], i, cancellationToken).ConfigureAwait(false);
        }

        await client.RequestAsync("PLAY", _aggregateUrl, [new("Range", "npt=0.000-")], cancellationToken).ConfigureAwait(false);
        _lastMediaTimestamp = _time.GetTimestamp();
        StartLoops(client);
        _logger.LogInformation(
            "RTSP camera {Host} playing over {Transport}: {Video}{Audio}", client.Url.Host, Options.Transport, hevc ? "H.265" : "H.264",
            audio is not null ? " + AAC" : RawAudio is { } rawAudio ? " + " + rawAudio.Codec : "");
        return new MediaTracks(hevc ? H264Track.InBand : new H264Track(parameterSets), audio);
    }

    private int ReorderDepth => Options.Transport == RtspTransport.Udp ? 8 : 1;

    private async Task SetupAsync(RtspClient client, RtspTrack track, int index, CancellationToken cancellationToken)
    {
        string transport;
        if (Options.Transport == RtspTransport.Tcp)
        {
            transport = $"RTP/AVP/TCP;unicast;interleaved={2 * index}-{(2 * index) + 1}";
        }
        else
        {
            var serverAddress = client.Connection!.RemoteAddress ?? throw new CameraSourceException("The RTSP server's address is unknown");
            track.Udp = UdpPortPair.Open(serverAddress.AddressFamily);
            transport = $"RTP/AVP;unicast;client_port={track.Udp.RtpPort}-{track.Udp.RtpPort + 1}";
        }

        var setup = await client.RequestAsync("SETUP", track.ControlUrl, [new("Transport", transport)], cancellationToken).ConfigureAwait(false);
        client.AcceptSession(setup);
        var answer = TransportHeader.Parse(setup.Header("Transport"));
        if (Options.Transport == RtspTransport.Tcp)
        {
            track.RtpChannel = answer.InterleavedRtp ?? 2 * index;
            track.RtcpChannel = answer.InterleavedRtcp ?? (2 * index) + 1;
        }
        else
        {
            var address = client.Connection!.RemoteAddress!;
            if (answer.ServerRtpPort is not { } rtpPort || answer.ServerRtcpPort is not { } rtcpPort)
            {
                throw new CameraSourceException("The RTSP server did not say which UDP ports it sends from");
            }

            track.ServerRtp = new IPEndPoint(address, rtpPort);
            track.ServerRtcp = new IPEndPoint(address, rtcpPort);
        }
    }

    private void StartLoops(RtspClient client)
    {
        var stop = _stopping.Token;
        if (Options.Transport == RtspTransport.Udp)
        {
            foreach (var track in _tracks)
            {
                _loops.Add(Task.Run(() => UdpReceiveLoopAsync(track, track.Udp!.Rtp, rtcp: false, stop), stop));
                _loops.Add(Task.Run(() => UdpReceiveLoopAsync(track, track.Udp!.Rtcp, rtcp: true, stop), stop));
            }
        }

        _loops.Add(Task.Run(() => ReportLoopAsync(client, stop), stop));
        _loops.Add(Task.Run(() => KeepAliveLoopAsync(client, stop), stop));
        _loops.Add(Task.Run(() => WatchdogAsync(client, stop), stop));
    }

    private void OnInterleaved(int channel, ReadOnlySpan<byte> data)
    {
        foreach (var track in _tracks)
        {
            if (channel == track.RtpChannel)
            {
                OnRtp(track, data);
                return;
            }

            if (channel == track.RtcpChannel)
            {
                OnRtcp(track, data);
                return;
            }
        }
    }

    private async Task UdpReceiveLoopAsync(RtspTrack track, Socket socket, bool rtcp, CancellationToken stop)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var server = track.ServerRtp!.Address;
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // e.g. ICMP port unreachable reported on a later receive
            }

            if (result.RemoteEndPoint is not IPEndPoint from || !from.Address.Equals(server))
            {
                continue; // only the server we set up with may feed this session
            }

            if (rtcp)
            {
                OnRtcp(track, buffer.AsSpan(0, result.ReceivedBytes));
            }
            else
            {
                OnRtp(track, buffer.AsSpan(0, result.ReceivedBytes));
            }
        }
    }

    private void OnRtp(RtspTrack track, ReadOnlySpan<byte> data)
    {
        lock (_mediaLock)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            Statistics.AddPacket();
            if (!RtpPacket.TryParse(data, out var packet) || packet.PayloadType != track.Media.PayloadType)
            {
                Statistics.AddMalformed();
                return;
            }

            var now = _time.GetTimestamp();
            _lastMediaTimestamp = now;
            track.HasPackets = true;
            track.Reception.OnPacket(packet.Ssrc, packet.SequenceNumber, packet.Timestamp, _time.GetElapsedTime(_startTimestamp, now));
            track.Reorder.Push(data, packet.SequenceNumber);
            while (track.Reorder.TryPop(out var ordered, out var lost))
            {
                if (lost > 0)
                {
                    Statistics.AddLost(lost);
                }

                if (!RtpPacket.TryParse(ordered, out var next))
                {
                    continue;
                }

                var malformedBefore = track.MalformedPackets;
                track.Video?.Push(next.Payload, next.Timestamp, next.Marker, lost);
                track.Hevc?.Push(next.Payload, next.Timestamp, next.Marker, lost);
                track.Audio?.Push(next.Payload, next.Timestamp, next.Marker, lost);
                if (track.RawAudio && !next.Payload.IsEmpty)
                {
                    OnAudioFrame(track, next.Payload, next.Timestamp, lost > 0);
                }

                var malformed = track.MalformedPackets - malformedBefore;
                if (malformed > 0)
                {
                    Statistics.AddMalformed(malformed);
                }
            }
        }
    }

    private void OnRtcp(RtspTrack track, ReadOnlySpan<byte> data)
    {
        lock (_mediaLock)
        {
            var reader = new RtcpCompoundReader(data);
            var any = false;
            while (reader.MoveNext())
            {
                any = true;
                if (reader.PacketType == RtcpPacketType.SenderReport && RtcpSenderReport.TryParse(reader.Packet, out var sr))
                {
                    Statistics.AddSenderReport();
                    track.Reception.OnSenderReport(sr.NtpTimestamp, _time.GetElapsedTime(_startTimestamp));
                    _clock.OnSenderReport(track.ClockIndex, sr.NtpTimestamp, sr.RtpTimestamp);
                }
            }

            if (!any)
            {
                Statistics.AddMalformed();
            }
        }
    }

    private void OnAccessUnit(RtspTrack track, ReadOnlySpan<byte> accessUnit, uint rtpTimestamp, bool keyframe, bool discontinuity)
    {
        if (keyframe && track.Video is not null)
        {
            foreach (var nal in AnnexB.EnumerateNalUnits(accessUnit))
            {
                if (NalUnitType.Of(nal) == NalUnitType.Sps && !nal.SequenceEqual(CurrentSps))
                {
                    CurrentSps = nal.ToArray(); // rare: the stream's first SPS or a resolution change
                }
            }
        }

        var pts = _clock.ToPts(track.ClockIndex, rtpTimestamp, Arrival90k());
        if (!_frames.TryWrite(accessUnit, pts, keyframe, discontinuity, MediaKind.Video))
        {
            Statistics.AddFrameDropped();
            track.OnVideoLoss(); // the reader fell behind: resume at the next IDR, marked
        }
    }

    private void OnAudioFrame(RtspTrack track, ReadOnlySpan<byte> frame, uint rtpTimestamp, bool discontinuity)
    {
        var pts = _clock.ToPts(track.ClockIndex, rtpTimestamp, Arrival90k());
        if (!_frames.TryWrite(frame, pts, keyframe: true, discontinuity, MediaKind.Audio))
        {
            Statistics.AddFrameDropped();
        }
    }

    private long Arrival90k() => _time.GetElapsedTime(_startTimestamp).Ticks * 9 / 1000;

    /// <summary>RTCP receiver reports on every track at the configured cadence (RFC 3550 §6.4.2; Arlo needs ≤ 5 s).</summary>
    private async Task ReportLoopAsync(RtspClient client, CancellationToken stop)
    {
        var lastRound = _time.GetTimestamp();
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!first)
                {
                    await Task.Delay(ReportInterval, _time, stop).ConfigureAwait(false);
                }

                first = false;
                var now = _time.GetTimestamp();
                var sent = 0;
                foreach (var track in _tracks)
                {
                    sent += await SendReportAsync(client, track, stop).ConfigureAwait(false) ? 1 : 0;
                }

                Statistics.AddReceiverReports(sent, _time.GetElapsedTime(lastRound, now));
                lastRound = now;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                _logger.LogDebug(e, "Sending an RTCP receiver report failed");
            }
        }
    }

    private async Task<bool> SendReportAsync(RtspClient client, RtspTrack track, CancellationToken stop)
    {
        int length;
        lock (_mediaLock)
        {
            var now = _time.GetElapsedTime(_startTimestamp);
            ReadOnlySpan<RtcpReportBlock> blocks = track.HasPackets ? [track.Reception.CreateReportBlock(now)] : [];
            length = RtcpReceiverReport.Write(track.ReportBuffer, _ssrc, blocks, _cname);
        }

        var report = track.ReportBuffer.AsMemory(0, length);
        if (Options.Transport == RtspTransport.Udp)
        {
            await track.Udp!.Rtcp.SendToAsync(report, SocketFlags.None, track.ServerRtcp!, stop).ConfigureAwait(false);
        }
        else if (client.Connection is { } connection)
        {
            await connection.SendInterleavedAsync(track.RtcpChannel, report, stop).ConfigureAwait(false);
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>Keeps the RTSP session alive well within its timeout: GET_PARAMETER when offered, else OPTIONS.</summary>
    private async Task KeepAliveLoopAsync(RtspClient client, CancellationToken stop)
    {
        var method = client.PublicMethods.Contains("GET_PARAMETER") ? "GET_PARAMETER" : "OPTIONS";
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, client.SessionTimeout.Ticks / 2));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, stop).ConfigureAwait(false);
                await client.RequestAsync(method, _aggregateUrl!, [], stop).ConfigureAwait(false);
                Statistics.AddKeepAlive();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (RtspStatusException e) when (method == "GET_PARAMETER")
            {
                _logger.LogDebug("GET_PARAMETER keep-alive refused ({Status}); using OPTIONS", e.StatusCode);
                method = "OPTIONS";
            }
            catch (Exception e) when (e is IOException or TimeoutException or RtspStatusException or InvalidOperationException or ObjectDisposedException)
            {
                _logger.LogWarning("RTSP keep-alive failed: {Reason}", e.Message);
            }
        }
    }

    /// <summary>Ends the source when the control connection closes or media stops flowing.</summary>
    private async Task WatchdogAsync(RtspClient client, CancellationToken stop)
    {
        var connectionClosed = client.Connection?.Completion ?? Task.CompletedTask;
        var check = TimeSpan.FromMilliseconds(Math.Clamp(Options.MediaTimeout.TotalMilliseconds / 4, 50, 1000));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(check, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (connectionClosed.IsCompleted)
            {
                _frames.Complete(new CameraSourceException("The RTSP server closed the connection"));
                return;
            }

            if (_time.GetElapsedTime(Volatile.Read(ref _lastMediaTimestamp)) > Options.MediaTimeout)
            {
                _frames.Complete(new CameraSourceException($"No media from the RTSP camera for {Options.MediaTimeout.TotalSeconds:0.#} s"));
                return;
            }
        }
    }

    private Task TeardownOnceAsync()
    {
        lock (_loops)
        {
            return _teardown ??= TeardownAsync();
        }
    }

    /// <summary>TEARDOWN within a bounded wait (reconnecting if the control connection died), then close everything.</summary>
    private async Task TeardownAsync()
    {
        await Task.Yield();
        await _stopping.CancelAsync().ConfigureAwait(false);
        var client = _client;
        if (client is null)
        {
            return;
        }

        if (client.SessionId is not null && _aggregateUrl is not null)
        {
            using var bound = new CancellationTokenSource(Options.TeardownTimeout);
            try
            {
                if (client.Connection is null || client.Connection.Completion.IsCompleted)
                {
                    await client.ConnectAsync(bound.Token).ConfigureAwait(false);
                }

                await client.RequestAsync("TEARDOWN", _aggregateUrl, [], bound.Token).ConfigureAwait(false);
                _logger.LogDebug("RTSP session torn down");
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or IOException or SocketException or RtspStatusException or RtspProtocolException or ObjectDisposedException or InvalidOperationException or System.Security.Authentication.AuthenticationException)
            {
                _logger.LogWarning("RTSP TEARDOWN got no answer: {Reason}", e.Message);
            }
        }

        await client.DisposeAsync().ConfigureAwait(false);
        lock (_mediaLock)
        {
            foreach (var track in _tracks)
            {
                track.Udp?.Dispose();
            }
        }

        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // loops end by cancellation
        }

        _frames.Complete();
    }

    private static Exception Translate(Exception e) => e switch
    {
        CameraSourceException => e,
        RtspStatusException status => status.ToSourceException(),
        RtspUnsupportedCodecException codec => new CameraSourceException(codec.Message, codec),
        SocketException or TimeoutException or IOException or System.Security.Authentication.AuthenticationException =>
            new CameraSourceException($"The RTSP camera is unreachable: {e.Message}", e),
        RtspProtocolException => new CameraSourceException($"The RTSP server broke the protocol: {e.Message}", e),
        _ => new CameraSourceException($"RTSP failed: {e.Message}", e),
    };
}
