using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;
using SmartHomeCam.Media;
using SmartHomeCam.Media.Rtcp;
using SmartHomeCam.Media.Rtp;
using SmartHomeCam.WebRtc.Dtls;
using SmartHomeCam.WebRtc.Ice;
using SmartHomeCam.WebRtc.Srtp;

namespace SmartHomeCam.WebRtc.Receive;

/// <summary>
/// A receive-only WebRTC peer for one stream (nest-sdm §5): <see cref="CreateOffer"/>, hand the offer to the
/// signalling side, then <see cref="ConnectAsync"/> with the answer: ICE as the controlling agent, DTLS 1.2 client,
/// SRTP; then H.264 access units come out of <see cref="ReadAsync"/> on a monotonic 90 kHz clock. Receiver reports
/// every second; PLI and FIR at the start, PLI again while a key frame is missing after a loss, and when the last
/// key frame is older than <see cref="WebRtcReceiverOptions.KeyframeInterval"/> (HLS cuts only there). When the answer
/// accepted audio, its Opus packets come out too (<see cref="MediaKind.Opus"/>, passed through undecoded for WebRTC
/// viewers) on the same 90 kHz timeline, placed against the video by the peer's sender reports.
/// No SCTP: the data channel is only in the offer because Google requires the m-line.
/// Malformed packets of any layer are dropped; nothing from the network throws out of here.
/// </summary>
public sealed partial class WebRtcReceiver : IAsyncDisposable
{
    private const int FrameQueue = 240; // about 4 s of 15 fps video with 50 Opus packets a second
    private readonly WebRtcReceiverOptions options;
    private readonly DtlsCertificate certificate;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly IceControllingAgent agent;
    private readonly uint ourSsrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
    private readonly Channel<ReceivedFrame> frames = Channel.CreateBounded<ReceivedFrame>(
        new BoundedChannelOptions(FrameQueue) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource stopping = new();
    private readonly byte[] rtcpBuffer = new byte[256];
    private readonly Lock rtcpGate = new();
    private readonly RtpSessionClock mediaClock = new();
    private readonly H264ReceiveTrack video;
    private readonly OpusReceiveTrack audio;
    private IceDatagramTransport? dtlsTransport;
    private DtlsTransport? dtls;
    private SrtpContext? inbound;
    private SrtpContext? outbound;
    private ReceiveAnswer? answer;
    private Task? feedbackLoop;
    private long lastMediaTicks;
    private long lastPliTicks;
    private long lastKeyframeTicks;
    private byte firSequence;
    private int disposed;

    public WebRtcReceiver(WebRtcReceiverOptions options, DtlsCertificate certificate, ILogger logger, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.certificate = certificate;
        this.logger = logger;
        this.clock = clock ?? TimeProvider.System;
        agent = new IceControllingAgent(options.Ice, logger, this.clock);
        video = new H264ReceiveTrack(mediaClock, OnFrame);
        audio = new OpusReceiveTrack(mediaClock, OnAudio);
    }

    /// <summary>
    /// Tracks this receiver delivers, known once connected: H.264 (parameter sets in band, before every IDR), and
    /// Opus when the answer accepted our audio section with a sending direction.
    /// </summary>
    public MediaTracks Tracks { get; private set; } = MediaTracks.VideoOnly;

    public IceControllingAgent Ice => agent;

    public long PlisSent { get; private set; }

    public long FirsSent { get; private set; }

    public long PacketsReceived { get; private set; }

    public long PacketsDropped { get; private set; }

    public long LostPackets => video.LostPackets;

    public long FramesReceived => video.Frames;

    public long KeyframesReceived => video.Keyframes;

    public long AudioFramesReceived => audio.Frames;

    /// <summary>Audio payloads dropped as malformed (not RTP, or not an Opus packet).</summary>
    public long AudioFramesMalformed => audio.Malformed;

    /// <summary>The offer, with our host candidates already gathered (no trickle).</summary>
    public string CreateOffer() =>
        ReceiveOffer.Build(agent.LocalUfrag, agent.LocalPassword, certificate.Fingerprint, agent.Candidates, (ulong)RandomNumberGenerator.GetInt32(int.MaxValue));

    /// <summary>ICE, then DTLS; returns when SRTP keys are in place and key-frame requests have gone out.</summary>
    public async Task ConnectAsync(string answerSdp, CancellationToken cancellationToken)
    {
        var parsed = ReceiveAnswer.Parse(answerSdp);
        answer = parsed;
        Tracks = parsed.OpusPayloadType is null ? MediaTracks.VideoOnly : new MediaTracks(H264Track.InBand, Opus: new OpusTrack());
        dtlsTransport = new IceDatagramTransport(agent.Send);
        agent.PacketReceived = OnPacket;
        await agent.ConnectAsync(parsed.IceUfrag, parsed.IcePassword, parsed.Candidates, cancellationToken).ConfigureAwait(false);

        var transport = dtlsTransport;
        var weAreClient = parsed.Setup != "active";
        SrtpKeyingMaterial? keys;
        try
        {
            // BouncyCastle's DTLS blocks: it gets a thread of its own for the handshake.
            if (weAreClient)
            {
                var client = new DtlsSrtpClient(certificate, parsed.FingerprintAlgorithm, parsed.Fingerprint);
                dtls = await Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, transport), cancellationToken,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(cancellationToken).ConfigureAwait(false);
                keys = client.Keys;
            }
            else
            {
                var server = new DtlsSrtpServer(certificate, parsed.FingerprintAlgorithm, parsed.Fingerprint);
                dtls = await Task.Factory.StartNew(() => new DtlsServerProtocol().Accept(server, transport), cancellationToken,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(cancellationToken).ConfigureAwait(false);
                keys = server.Keys;
            }
        }
        catch (Exception e) when (e is TlsException or IOException)
        {
            throw new WebRtcReceiveException($"The DTLS handshake failed: {e.Message}", e);
        }

        if (keys is null)
        {
            throw new WebRtcReceiveException("The DTLS handshake gave no SRTP keys.");
        }

        // RFC 5764 §4.2: each side sends with its own role's key and salt.
        outbound = weAreClient ? new SrtpContext(keys.ClientKey, keys.ClientSalt) : new SrtpContext(keys.ServerKey, keys.ServerSalt);
        inbound = weAreClient ? new SrtpContext(keys.ServerKey, keys.ServerSalt) : new SrtpContext(keys.ClientKey, keys.ClientSalt);
        Volatile.Write(ref lastMediaTicks, clock.GetTimestamp());
        Volatile.Write(ref lastKeyframeTicks, clock.GetTimestamp());
        LogConnected(logger, agent.SelectedRemote?.ToString() ?? "?");
        feedbackLoop = Task.Run(FeedbackLoopAsync, CancellationToken.None);
    }

    /// <summary>Access units as they arrive; ends with <see cref="WebRtcReceiveException"/> when media stops or consent is lost.</summary>
    public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        byte[]? previous = null;
        try
        {
            while (await frames.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (frames.Reader.TryRead(out var frame))
                {
                    if (previous is not null)
                    {
                        ArrayPool<byte>.Shared.Return(previous);
                    }

                    previous = frame.Buffer;
                    yield return new MediaFrame(frame.Buffer.AsMemory(0, frame.Length), frame.Pts, frame.Pts, frame.IsKeyframe, Kind: frame.Kind);
                }
            }
        }
        finally
        {
            if (previous is not null)
            {
                ArrayPool<byte>.Shared.Return(previous);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        frames.Writer.TryComplete();
        try
        {
            dtls?.Close();
        }
        catch (Exception e) when (e is IOException or TlsException or ObjectDisposedException)
        {
            // the peer is gone already
        }

        await agent.DisposeAsync().ConfigureAwait(false);
        if (feedbackLoop is not null)
        {
            await feedbackLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        dtlsTransport?.Dispose();
        lock (rtcpGate)
        {
            outbound?.Dispose();
        }

        inbound?.Dispose();
        video.Dispose();
        audio.Dispose();
        while (frames.Reader.TryRead(out var left))
        {
            ArrayPool<byte>.Shared.Return(left.Buffer);
        }

        stopping.Dispose();
    }

    /// <summary>RFC 7983 demultiplexing of what the selected pair delivers: DTLS 20–63, RTP/RTCP 128–191.</summary>
    private void OnPacket(ReadOnlyMemory<byte> packet)
    {
        var first = packet.Span[0];
        if (first is >= 20 and <= 63)
        {
            dtlsTransport?.Deliver(packet.Span);
            return;
        }

        if (first is < 128 or > 191 || inbound is null || answer is null || packet.Length < 12)
        {
            return;
        }

        // Decrypted in place: the agent's receive buffer is ours until we return.
        var buffer = MemoryMarshal(packet);
        var payloadType = buffer[1] & 0x7F;
        if (payloadType is >= 64 and <= 95)
        {
            // RTCP (RFC 5761 §4): sender reports place audio against video; nothing else in them changes what we do.
            var rtcpLength = inbound.UnprotectRtcp(buffer);
            if (rtcpLength > 0)
            {
                OnRtcp(buffer[..rtcpLength]);
            }

            return;
        }

        var length = inbound.UnprotectRtp(buffer);
        if (length < 0)
        {
            PacketsDropped++;
            return;
        }

        PacketsReceived++;
        Volatile.Write(ref lastMediaTicks, clock.GetTimestamp());
        if (payloadType == answer.OpusPayloadType)
        {
            audio.Push(buffer[..length], clock.GetElapsedTime(0));
            return;
        }

        if (!answer.H264PayloadTypes.Contains(payloadType))
        {
            return; // RTX (we ask for no retransmission), anything else
        }

        var wasWaiting = video.NeedsKeyframe;
        video.Push(buffer[..length], clock.GetElapsedTime(0));
        if (video.NeedsKeyframe && !wasWaiting)
        {
            RequestKeyframe(); // a loss: ask at once, not at the next feedback tick
        }
    }

    /// <summary>Sender reports (RFC 3550 §6.4.1): NTP and RTP time of one instant per track, which lines audio up with video.</summary>
    private void OnRtcp(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.MoveNext())
        {
            if (!RtcpSenderReport.TryParse(reader.Packet, out var report))
            {
                continue;
            }

            var arrival = clock.GetElapsedTime(0);
            if (report.Ssrc == video.MediaSsrc)
            {
                mediaClock.OnSenderReport(video.Track, report.NtpTimestamp, report.RtpTimestamp);
                video.Statistics.OnSenderReport(report.NtpTimestamp, arrival);
            }
            else if (report.Ssrc == audio.MediaSsrc)
            {
                mediaClock.OnSenderReport(audio.Track, report.NtpTimestamp, report.RtpTimestamp);
                audio.Statistics.OnSenderReport(report.NtpTimestamp, arrival);
            }
        }
    }

    private static Span<byte> MemoryMarshal(ReadOnlyMemory<byte> memory) => System.Runtime.InteropServices.MemoryMarshal.AsMemory(memory).Span;

    private void OnFrame(ReadOnlySpan<byte> accessUnit, long pts, bool isKeyframe)
    {
        if (isKeyframe)
        {
            Volatile.Write(ref lastKeyframeTicks, clock.GetTimestamp());
        }

        var buffer = ArrayPool<byte>.Shared.Rent(accessUnit.Length);
        accessUnit.CopyTo(buffer);
        if (!frames.Writer.TryWrite(new ReceivedFrame(buffer, accessUnit.Length, pts, isKeyframe, MediaKind.Video)))
        {
            // The reader is far behind: drop, and start again from a key frame it can decode.
            ArrayPool<byte>.Shared.Return(buffer);
            PacketsDropped++;
        }
    }

    private void OnAudio(ReadOnlySpan<byte> opus, long pts)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(opus.Length);
        opus.CopyTo(buffer);
        if (!frames.Writer.TryWrite(new ReceivedFrame(buffer, opus.Length, pts, true, MediaKind.Opus)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            PacketsDropped++;
        }
    }

    private async Task FeedbackLoopAsync()
    {
        var tick = TimeSpan.FromMilliseconds(Math.Min(options.PliInterval.TotalMilliseconds, options.ReportInterval.TotalMilliseconds));
        var lastReport = TimeSpan.Zero;
        RequestKeyframe(withFir: true);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await Task.Delay(tick, clock, stopping.Token).ConfigureAwait(false);
                if (agent.ConsentLost.IsCompleted)
                {
                    Fail(new WebRtcReceiveException("The WebRTC peer stopped answering consent checks (RFC 7675)."));
                    return;
                }

                var silent = clock.GetElapsedTime(Volatile.Read(ref lastMediaTicks));
                if (silent > options.MediaTimeout)
                {
                    Fail(new WebRtcReceiveException($"The WebRTC peer sent no media for {silent.TotalSeconds:0} s."));
                    return;
                }

                var sincePli = clock.GetElapsedTime(Volatile.Read(ref lastPliTicks));
                if (video.NeedsKeyframe ? sincePli >= options.PliInterval : KeyframeOverdue(sincePli))
                {
                    RequestKeyframe();
                }

                var now = clock.GetElapsedTime(0);
                if (now - lastReport >= options.ReportInterval && video.MediaSsrc is not null)
                {
                    lastReport = now;
                    SendReport(now);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    /// <summary>The last key frame is older than <see cref="WebRtcReceiverOptions.KeyframeInterval"/> and we have not just asked.</summary>
    private bool KeyframeOverdue(TimeSpan sincePli) =>
        options.KeyframeInterval > TimeSpan.Zero && sincePli >= options.KeyframeInterval
        && clock.GetElapsedTime(Volatile.Read(ref lastKeyframeTicks)) >= options.KeyframeInterval;

    private void RequestKeyframe(bool withFir = false)
    {
        Volatile.Write(ref lastPliTicks, clock.GetTimestamp());
        var media = video.MediaSsrc ?? 0;
        lock (rtcpGate)
        {
            if (outbound is null || disposed != 0)
            {
                return;
            }

            var length = ReceiverFeedback.Pli(rtcpBuffer, ourSsrc, media);
            SendRtcp(length);
            PlisSent++;
            if (withFir)
            {
                length = ReceiverFeedback.Fir(rtcpBuffer, ourSsrc, media, firSequence++);
                SendRtcp(length);
                FirsSent++;
            }
        }

        LogKeyframeRequested(logger, PlisSent);
    }

    private void SendReport(TimeSpan now)
    {
        lock (rtcpGate)
        {
            if (outbound is null || disposed != 0)
            {
                return;
            }

            ReadOnlySpan<RtcpReportBlock> blocks = audio.MediaSsrc is null
                ? [video.Statistics.CreateReportBlock(now)]
                : [video.Statistics.CreateReportBlock(now), audio.Statistics.CreateReportBlock(now)];
            SendRtcp(RtcpReceiverReport.Write(rtcpBuffer, ourSsrc, blocks, "smarthomecam"));
        }
    }

    /// <summary>Protects and sends the compound in <see cref="rtcpBuffer"/>; the caller holds <see cref="rtcpGate"/>.</summary>
    private void SendRtcp(int length)
    {
        var protectedLength = outbound!.ProtectRtcp(rtcpBuffer, length);
        if (protectedLength > 0)
        {
            agent.Send(rtcpBuffer.AsSpan(0, protectedLength));
        }
    }

    private void Fail(WebRtcReceiveException reason)
    {
        LogEnded(logger, reason.Message);
        frames.Writer.TryComplete(reason);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebRTC receive: connected to {Remote}.")]
    private static partial void LogConnected(ILogger logger, string remote);

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebRTC receive: key frame requested (PLI #{Count}).")]
    private static partial void LogKeyframeRequested(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "WebRTC receive: {Reason}")]
    private static partial void LogEnded(ILogger logger, string reason);

    private readonly record struct ReceivedFrame(byte[] Buffer, int Length, long Pts, bool IsKeyframe, MediaKind Kind);
}
