using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;
using SmartHomeCam.WebRtc.Dtls;
using SmartHomeCam.WebRtc.Ice;
using SmartHomeCam.WebRtc.Rtcp;
using SmartHomeCam.WebRtc.Rtp;
using SmartHomeCam.WebRtc.Sdp;
using SmartHomeCam.WebRtc.Srtp;

namespace SmartHomeCam.WebRtc.Peers;

public enum WebRtcPeerState
{
    /// <summary>Answer sent; waiting for the peer's first authenticated check.</summary>
    Connecting,

    /// <summary>ICE path chosen; DTLS handshake running.</summary>
    Handshaking,

    /// <summary>SRTP keys in place; media flows.</summary>
    Streaming,

    Closed,
}

/// <summary>
/// One sending WebRTC peer (a display): ICE-lite answers on the shared UDP port, DTLS server handshake,
/// SRTP out and SRTCP in, and a send loop that owns the outbound SRTP context, the RTP sequence and the NACK
/// buffer. It starts every viewer on a key frame (replaying the current GOP), answers PLI/FIR the same way,
/// resends NACKed packets and sends a sender report every second. With negotiated audio it also sends the camera's
/// Opus packets under their own SSRC (RFC 7587: one per RTP packet), starting only once this viewer's video has
/// started, with a sender report for that SSRC taken at the same instant as the video's, so the display can line
/// the two up (lip sync). It closes itself on ICE/DTLS failure,
/// consent expiry (RFC 7675), lost authorization, BYE, or <see cref="Close"/>.
/// </summary>
public sealed class WebRtcPeer : IPacketReceiver, IRtcpFeedbackHandler, IDisposable
{
    private const int HistorySize = 512;
    private const int MaxPacket = 1300;
    private static readonly TimeSpan KeyFrameReplaySpacing = TimeSpan.FromMilliseconds(300);

    private readonly IIceMux mux;
    private readonly DtlsCertificate certificate;
    private readonly IceCredentials local;
    private readonly byte[] localPassword;
    private readonly NegotiatedVideo negotiated;
    private readonly WebRtcPeerOptions options;
    private readonly Func<bool> authorized;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly Channel<Work> work = Channel.CreateBounded<Work>(new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource<string> closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource streaming = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private readonly long createdAt;
    private readonly VideoSendHistory history = new(HistorySize);
    private readonly PacketBatch batch = new();
    private readonly List<EncodedVideoFrame> replay = new(64);
    private IPacketPath? selected;
    private IceDatagramTransport? transport;
    private DtlsTransport? dtls;
    private SrtpContext? outbound;
    private SrtpContext? inbound;
    private long lastConsent;
    private int state;
    private int dtlsStarted;
    private bool needKeyFrame = true;
    private long lastReplay;
    private ushort sequence = (ushort)Random.Shared.Next(0, 0x8000);
    private readonly long timestampOffset = Random.Shared.NextInt64(0, uint.MaxValue);
    private long lastSenderReport;
    private uint packetsSent;
    private uint octetsSent;
    private readonly OpusPacketizer? audioPackets;
    private uint audioPacketsSent;
    private bool videoStarted;
    private long lastVideoPts;
    private long lastVideoSentAt;

    public WebRtcPeer(
        IIceMux mux, DtlsCertificate certificate, IceCredentials local, NegotiatedVideo negotiated, WebRtcPeerOptions options,
        Func<bool> authorized, TimeProvider clock, ILogger logger)
    {
        this.mux = mux ?? throw new ArgumentNullException(nameof(mux));
        this.certificate = certificate ?? throw new ArgumentNullException(nameof(certificate));
        this.local = local ?? throw new ArgumentNullException(nameof(local));
        this.negotiated = negotiated ?? throw new ArgumentNullException(nameof(negotiated));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.authorized = authorized;
        this.clock = clock;
        this.logger = logger;
        localPassword = UdpMux.Utf8(local.Password);
        createdAt = clock.GetTimestamp();
        if (negotiated.Audio is { } audio)
        {
            audioPackets = new OpusPacketizer(audio.Ssrc, audio.PayloadType, (ushort)Random.Shared.Next(0, 0x8000), (uint)Random.Shared.NextInt64(0, uint.MaxValue));
        }
    }

    public string Id { get; } = Guid.NewGuid().ToString("N")[..12];

    public WebRtcPeerState State => (WebRtcPeerState)Volatile.Read(ref state);

    /// <summary>Completes with the reason when the peer has closed.</summary>
    public Task<string> Closed => closed.Task;

    /// <summary>Completes when SRTP keys are in place.</summary>
    public Task Streaming => streaming.Task;

    public uint PacketsSent => Volatile.Read(ref packetsSent);

    public uint AudioPacketsSent => Volatile.Read(ref audioPacketsSent);

    /// <summary>The accepted audio section; null when this viewer gets video only.</summary>
    public NegotiatedAudio? Audio => negotiated.Audio;

    /// <summary>A frame's RTP timestamp is <c>(uint)(pts + RtpTimestampOffset)</c> (random per peer, RFC 3550 §5.1); the latency benchmark maps frames back with it.</summary>
    public long RtpTimestampOffset => timestampOffset;

    public ReadOnlySpan<byte> LocalPassword => localPassword;

    /// <summary>Registers with the mux and starts the timers. Media flows once DTLS completes.</summary>
    public void Start()
    {
        mux.Register(local.Ufrag, this);
        _ = MonitorAsync();
    }

    public void OnBindingRequest(IPacketPath from, bool useCandidate)
    {
        if (State == WebRtcPeerState.Closed)
        {
            return;
        }

        Interlocked.Exchange(ref lastConsent, clock.GetTimestamp());
        var current = Volatile.Read(ref selected);
        if (current is null || (useCandidate && !current.Equals(from)))
        {
            Volatile.Write(ref selected, from);
        }

        if (Interlocked.CompareExchange(ref dtlsStarted, 1, 0) == 0)
        {
            Interlocked.CompareExchange(ref state, (int)WebRtcPeerState.Handshaking, (int)WebRtcPeerState.Connecting);
            transport = new IceDatagramTransport(SendRaw);
            _ = Task.Factory.StartNew(RunDtls, TaskCreationOptions.LongRunning);
        }
    }

    public void OnPathClosed(IPacketPath path)
    {
        if (Volatile.Read(ref selected) == path)
        {
            Close("its ICE-TCP connection closed");
        }
    }

    public void OnDtls(ReadOnlySpan<byte> packet) => transport?.Deliver(packet);

    public void OnSrtp(Span<byte> packet)
    {
        var context = Volatile.Read(ref inbound);
        // RFC 5761 §4: with rtcp-mux, payload types 64–95 (after the marker bit) are RTCP.
        if (context is null || packet.Length < 8 || (packet[1] & 0x7F) is < 64 or > 95)
        {
            return;
        }

        var length = context.UnprotectRtcp(packet);
        if (length > 0)
        {
            RtcpReader.Read(packet[..length], this);
        }
    }

    /// <summary>Queues a frame for the send loop; never blocks (a viewer that falls behind skips to the next key frame).</summary>
    public void Enqueue(EncodedVideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (State != WebRtcPeerState.Streaming)
        {
            return;
        }

        frame.AddRef(); // the queue's reference; the send loop releases it once sent
        if (!work.Writer.TryWrite(new Work(frame, 0, WorkKind.Frame)))
        {
            frame.Release();
            work.Writer.TryWrite(new Work(null, 0, WorkKind.KeyFrame));
        }
    }

    /// <summary>Queues an Opus packet for the send loop; never blocks (a full queue drops it: the decoder conceals the gap).</summary>
    public void Enqueue(EncodedAudioFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (State != WebRtcPeerState.Streaming || negotiated.Audio is null)
        {
            return;
        }

        frame.AddRef(); // the queue's reference; the send loop releases it once sent
        if (!work.Writer.TryWrite(new Work(null, 0, WorkKind.Audio, frame)))
        {
            frame.Release();
        }
    }

    public void OnKeyFrameRequest(uint mediaSsrc)
    {
        if (mediaSsrc == local.Ssrc)
        {
            work.Writer.TryWrite(new Work(null, 0, WorkKind.KeyFrame));
        }
    }

    public void OnNack(uint mediaSsrc, ushort sequence)
    {
        if (mediaSsrc == local.Ssrc)
        {
            work.Writer.TryWrite(new Work(null, sequence, WorkKind.Nack));
        }
    }

    public void OnBye() => Close("the peer sent RTCP BYE");

    /// <summary>Closes the peer (idempotent): frees its port state, stops its loops.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref state, (int)WebRtcPeerState.Closed) == (int)WebRtcPeerState.Closed)
        {
            return;
        }

        mux.Unregister(local.Ufrag, this);
        work.Writer.TryComplete();
        stopping.Cancel();
        transport?.Close();
        streaming.TrySetCanceled();
        closed.TrySetResult(reason);
        logger.LogInformation("WebRTC peer {PeerId} closed: {Reason}", Id, reason);
    }

    public void Dispose()
    {
        Close("disposed");
        stopping.Dispose();
    }

    private void SendRaw(ReadOnlySpan<byte> packet)
    {
        var to = Volatile.Read(ref selected);
        if (to is not null)
        {
            to.Send(packet);
        }
    }

    private void RunDtls()
    {
        var server = new DtlsSrtpServer(certificate, negotiated.RemoteFingerprintAlgorithm, negotiated.RemoteFingerprint);
        try
        {
            dtls = new DtlsServerProtocol().Accept(server, transport!);
            var keys = server.Keys ?? throw new InvalidOperationException("No SRTP keys were exported.");
            outbound = new SrtpContext(keys.ServerKey, keys.ServerSalt);
            Volatile.Write(ref inbound, new SrtpContext(keys.ClientKey, keys.ClientSalt));
            if (Interlocked.CompareExchange(ref state, (int)WebRtcPeerState.Streaming, (int)WebRtcPeerState.Handshaking) != (int)WebRtcPeerState.Handshaking)
            {
                return;
            }

            logger.LogInformation("WebRTC peer {PeerId} connected from {Remote}.", Id, Volatile.Read(ref selected)!.Description);
            _ = Task.Run(SendLoopAsync);
            streaming.TrySetResult();

            // Keep reading: retransmitted handshake flights are answered, and close_notify ends the peer. Close()
            // ends the wait at once (the transport stops), so a long one costs nothing; each wait that times out
            // spins before it sleeps, for every viewer.
            var buffer = new byte[2048];
            while (State == WebRtcPeerState.Streaming)
            {
                if (dtls.Receive(buffer, 0, buffer.Length, 30_000) < 0 && State != WebRtcPeerState.Streaming)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is TlsException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            Close(State == WebRtcPeerState.Streaming ? "DTLS closed" : "DTLS handshake failed: " + e.Message);
        }
    }

    private async Task SendLoopAsync()
    {
        var buffer = new byte[MaxPacket + SrtpContext.SrtcpTrailerLength];
        try
        {
            await foreach (var item in work.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                switch (item.Kind)
                {
                    case WorkKind.Frame:
                        try
                        {
                            SendFrame(item.Frame!, buffer);
                        }
                        finally
                        {
                            item.Frame!.Release();
                        }

                        break;
                    case WorkKind.KeyFrame:
                        needKeyFrame = true;
                        break;
                    case WorkKind.Nack:
                        Resend(item.Sequence, buffer);
                        break;
                    case WorkKind.Audio:
                        try
                        {
                            SendAudio(item.Audio!, buffer);
                        }
                        finally
                        {
                            item.Audio!.Release();
                        }

                        break;
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Close("send loop failed: " + e.Message);
        }
        finally
        {
            while (work.Reader.TryRead(out var left))
            {
                left.Frame?.Release();
                left.Audio?.Release();
            }

            history.Dispose();
            outbound?.Dispose();
        }
    }

    private void SendFrame(EncodedVideoFrame frame, byte[] buffer)
    {
        var timestamp = (uint)(frame.Pts + timestampOffset);
        if (needKeyFrame && !frame.IsKeyFrame)
        {
            // Replay the GOP up to this frame, squeezed just before it, so the decoder starts at once
            // (a new viewer, a PLI/FIR, or a viewer that fell behind); at most every 300 ms.
            if (frame.IndexInGop > 0 && clock.GetElapsedTime(lastReplay) >= KeyFrameReplaySpacing)
            {
                frame.Gop.Take(frame.IndexInGop, replay);
            }

            try
            {
                if (replay.Count == 0 || !replay[0].IsKeyFrame)
                {
                    return; // wait for the next IDR
                }

                lastReplay = clock.GetTimestamp();
                for (var j = 0; j < replay.Count; j++)
                {
                    SendPayloads(replay[j], timestamp - (uint)(replay.Count - j));
                }
            }
            finally
            {
                foreach (var earlier in replay)
                {
                    earlier.Release();
                }

                replay.Clear();
            }
        }

        needKeyFrame = false;
        SendPayloads(frame, timestamp);
        videoStarted = true;
        lastVideoPts = frame.Pts;
        lastVideoSentAt = clock.GetTimestamp();
        if (clock.GetElapsedTime(lastSenderReport) >= TimeSpan.FromSeconds(1))
        {
            lastSenderReport = clock.GetTimestamp();
            SendSenderReports(buffer);
        }
    }

    /// <summary>
    /// One SR per SSRC for the same wall-clock instant (RFC 3550 §6.4.1): both RTP times come from one 90 kHz media time,
    /// the newest video frame's advanced by the time since it was sent, so audio and video map to the same clock.
    /// </summary>
    private void SendSenderReports(byte[] buffer)
    {
        var now = clock.GetUtcNow();
        var mediaNow = lastVideoPts + (long)(clock.GetElapsedTime(lastVideoSentAt).TotalSeconds * 90_000);
        var length = RtcpWriter.SenderReport(buffer, local.Ssrc, now, (uint)(mediaNow + timestampOffset), packetsSent, octetsSent);
        SendRaw(buffer.AsSpan(0, outbound!.ProtectRtcp(buffer, length)));
        if (audioPackets is { Packets: > 0 } audio)
        {
            length = RtcpWriter.SenderReport(buffer, audio.Ssrc, now, audio.RtpTimestamp(mediaNow), audio.Packets, audio.Octets);
            SendRaw(buffer.AsSpan(0, outbound.ProtectRtcp(buffer, length)));
        }
    }

    /// <summary>
    /// One Opus packet as one RTP packet (<see cref="OpusPacketizer"/>). Nothing before this viewer's first video frame:
    /// its sound starts with its picture.
    /// </summary>
    private void SendAudio(EncodedAudioFrame frame, byte[] buffer)
    {
        if (!videoStarted || audioPackets is null || OpusPacketizer.HeaderLength + frame.Length > MaxPacket)
        {
            return;
        }

        var length = audioPackets.Write(buffer, frame.Payload, frame.Pts, frame.Samples);
        SendRaw(buffer.AsSpan(0, outbound!.ProtectRtp(buffer, length)));
        Volatile.Write(ref audioPacketsSent, audioPackets.Packets);
    }

    /// <summary>
    /// The frame's shared payloads, each behind this viewer's header (sequence, timestamp, SSRC), protected in place in
    /// the batch and sent a run at a time: the FU-A fragments of a frame are equal-sized, so on UDP most of a frame
    /// leaves in one segmented send. The history names the frame's payloads (no copy) for NACKs.
    /// </summary>
    private void SendPayloads(EncodedVideoFrame frame, uint timestamp)
    {
        var path = Volatile.Read(ref selected);
        history.BeginFrame(frame);
        batch.Reset();
        for (var i = 0; i < frame.PayloadCount; i++)
        {
            var payload = frame.Payload(i);
            if (RtpHeader.Length + payload.Length > MaxPacket)
            {
                continue; // cannot happen with the packetizer's limit; never overrun the buffer
            }

            var tail = batch.Tail(MaxPacket + SrtpContext.TagLength);
            if (tail.IsEmpty)
            {
                SendBatch(path);
                batch.Reset();
                tail = batch.Tail(MaxPacket + SrtpContext.TagLength);
            }

            var length = RtpHeader.Write(tail, negotiated.PayloadType, frame.Marker(i), sequence, timestamp, local.Ssrc, payload);
            history.Record(sequence, i, timestamp);
            length = outbound!.ProtectRtp(tail, length);
            if (!batch.CanJoin(length))
            {
                SendBatch(path);
                batch.Skip(); // the packet just written at the tail starts the next run
            }

            batch.Commit(length);
            sequence++;
            packetsSent++;
            octetsSent += (uint)payload.Length;
        }

        SendBatch(path);
        batch.Reset();
    }

    private void SendBatch(IPacketPath? path)
    {
        if (batch.Count > 0 && path is not null)
        {
            path.SendBatch(batch);
        }
    }

    private void Resend(ushort lost, byte[] buffer)
    {
        var length = history.Write(lost, buffer, negotiated.PayloadType, local.Ssrc);
        if (length > 0)
        {
            SendRaw(buffer.AsSpan(0, outbound!.ProtectRtp(buffer, length)));
        }
    }

    private async Task MonitorAsync()
    {
        using var timer = new PeriodicTimer(options.CheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false))
            {
                var consent = Interlocked.Read(ref lastConsent);
                if (State != WebRtcPeerState.Streaming && clock.GetElapsedTime(createdAt) > options.ConnectTimeout)
                {
                    Close(consent == 0 ? "ICE did not connect in time" : "DTLS did not complete in time");
                }
                else if (consent != 0 && clock.GetElapsedTime(consent) > options.ConsentTimeout)
                {
                    Close("consent expired (no check from the peer for 30 s)");
                }
                else if (!authorized())
                {
                    Close("the stream token expired or was revoked");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // closed
        }
    }

    private enum WorkKind : byte
    {
        Frame,
        KeyFrame,
        Nack,
        Audio,
    }

    private readonly record struct Work(EncodedVideoFrame? Frame, ushort Sequence, WorkKind Kind, EncodedAudioFrame? Audio = null);
}
