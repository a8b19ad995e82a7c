using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;
using SmartHomeCam.Media.Aac;
using SmartHomeCam.NestLegacy.Api;
using SmartHomeCam.NestLegacy.Auth;
using SmartHomeCam.NestLegacy.Protocol;
using SmartHomeCam.NestLegacy.Protocol.Messages;
using SmartHomeCam.NestLegacy.Transport;

namespace SmartHomeCam.NestLegacy.Streaming;

/// <summary>
/// A legacy Nest camera over nexustalk (spec §5): HELLO → OK (following REDIRECTs, bounded; one re-authorisation
/// on ERROR 3) → START_PLAYBACK with the best profile → PLAYBACK_BEGIN's channel map → playback packets as
/// timestamped H.264 access units and AAC frames. PINGs every 15 s; a connection that delivers no media for
/// the stall timeout, closes, ends playback or redirects is replaced and the next frame marked as a
/// discontinuity; a camera that is offline or credentials that are refused end the source with a camera error.
/// STOP_PLAYBACK is sent whenever a connection is given up and on dispose.
/// </summary>
public sealed class NestLegacyCameraSource : ICameraSource
{
    private readonly NestStreamTarget target;
    private readonly NestTokenCache tokens;
    private readonly NestCameraApi api;
    private readonly NexusTransportFactory transports;
    private readonly NestLegacyOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly NalAccessUnitAssembler assembler = new();
    private readonly NexusTimestampMapper timestamps;
    private readonly uint sessionId = (uint)RandomNumberGenerator.GetInt32(1, 100); // 1–99: pbf omits 0 (spec §5)
    private readonly string deviceId = Guid.NewGuid().ToString("D");
    private readonly HashSet<StreamProfile> refusedProfiles = [];
    private readonly long started = Stopwatch.GetTimestamp();

    private NestToken? token;
    private long tokenGeneration;
    private NestCameraItem? camera;
    private Live? live;
    private MediaFrame current;
    private bool discontinuityPending;
    private bool waitingForKeyframe = true;
    private int reconnectsWithoutMedia;
    private bool loggedBadAudio;
    private ReadOnlyMemory<byte> pendingAudio;
    private long pendingAudioPts;
    private long highestPts = -1;

    public NestLegacyCameraSource(
        NestStreamTarget target, NestTokenCache tokens, NestCameraApi api, NexusTransportFactory transports,
        NestLegacyOptions options, TimeProvider clock, ILogger logger)
    {
        this.target = target;
        this.tokens = tokens;
        this.api = api;
        this.transports = transports;
        this.options = options;
        this.clock = clock;
        this.logger = logger;
        timestamps = new NexusTimestampMapper((long)(options.MaxTimestampDrift.TotalSeconds * 90_000));
    }

    /// <summary>Connections replaced after the first (tests and diagnostics).</summary>
    public int Reconnects { get; private set; }

    /// <summary>Well-framed packets whose body did not decode, dropped.</summary>
    public long MalformedPackets { get; private set; }

    /// <summary>Packets of unknown type skipped, over all connections.</summary>
    public long UnknownPackets { get; private set; }

    /// <summary>The largest receive buffer any connection needed (memory stays bounded by the packet cap).</summary>
    public int MaxReceiveBuffer { get; private set; }

    public bool UsingArrivalClock => timestamps.UsingArrivalClock;

    public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
    {
        tokenGeneration = tokens.Generation;
        token = await tokens.GetAsync(target.ConnectionId, target.Credentials, null, cancellationToken).ConfigureAwait(false);
        camera = await FindCameraAsync(cancellationToken).ConfigureAwait(false);
        if (!camera.StreamingEnabled)
        {
            throw new CameraSourceException("The camera is switched off in the Nest app (streaming disabled).");
        }

        await ConnectWithRetriesAsync(null, cancellationToken).ConfigureAwait(false);
        var audio = live!.AudioChannel is { } a ? new AacTrack((int)a.SampleRate, 1) : null;
        if (audio is null)
        {
            logger.LogInformation("Nest camera {Uuid} streams video only (no AAC channel offered).", target.Uuid);
        }

        return new MediaTracks(H264Track.InBand, audio);
    }

    public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (live is null)
        {
            throw new InvalidOperationException("OpenAsync must be called before ReadAsync.");
        }

        while (await NextAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return current;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(sendStop: true).ConfigureAwait(false);
        assembler.Dispose();
    }

    private async Task<NestCameraItem> FindCameraAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await api.FindAsync(token!, target.Uuid, cancellationToken).ConfigureAwait(false)
                    ?? throw new CameraSourceException("The Nest account no longer has this camera (moved to the Google Home app?).");
            }
            catch (NestApiException e) when (e.Unauthorized && attempt == 0)
            {
                token = await tokens.GetAsync(target.ConnectionId, target.Credentials, token, cancellationToken).ConfigureAwait(false);
            }
            catch (NestApiException e)
            {
                throw new CameraSourceException(e.Message, e);
            }
        }
    }

    /// <summary>Fills <see cref="current"/> with the next frame; reconnects as needed; throws CameraSourceException when it must give up.</summary>
    private async ValueTask<bool> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TakePendingAudio())
            {
                return true;
            }

            NexusStreamEnded ended;
            try
            {
                if (await ReadMediaAsync(cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }

                continue;
            }
            catch (NexusStreamEnded e)
            {
                ended = e;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                ended = new NexusStreamEnded($"No media from the camera for {options.StallTimeout.TotalSeconds:0.#} s.", fatal: false);
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                ended = new NexusStreamEnded($"The connection to Nest broke ({e.GetType().Name}).", fatal: false);
            }

            await ReconnectAfterAsync(ended, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReconnectAfterAsync(NexusStreamEnded ended, CancellationToken cancellationToken)
    {
        await CloseAsync(sendStop: true).ConfigureAwait(false);
        if (ended.Fatal)
        {
            throw new CameraSourceException(ended.Message);
        }

        if (++reconnectsWithoutMedia > options.MaxReconnectsWithoutMedia)
        {
            throw new CameraSourceException($"The Nest stream keeps failing: {ended.Message}");
        }

        logger.LogInformation("Nest camera {Uuid}: {Reason} Reconnecting.", target.Uuid, ended.Message);
        Reconnects++;
        discontinuityPending = true;
        waitingForKeyframe = true;
        await ConnectWithRetriesAsync(ended.RedirectHost, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One packet; true when it completed a frame in <see cref="current"/>.</summary>
    private async ValueTask<bool> ReadMediaAsync(CancellationToken cancellationToken)
    {
        var connection = live!;
        if (tokens.Generation != tokenGeneration)
        {
            await AdoptRenewedTokenAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        var packet = await connection.Connection.ReceiveAsync(connection.Token(cancellationToken)).ConfigureAwait(false)
            ?? throw new NexusStreamEnded("Nest closed the connection.", fatal: false);
        switch (packet.Type)
        {
            case PacketType.PlaybackPacket or PacketType.LongPlaybackPacket:
                return OnPlayback(connection, packet);
            case PacketType.Error:
                await OnErrorAsync(connection, packet, cancellationToken).ConfigureAwait(false);
                return false;
            case PacketType.PlaybackEnd:
                throw NexusOutcomes.FromEnd(Decode<PlaybackEnd>(packet) ?? new PlaybackEnd { Reason = PlaybackEndReason.SessionComplete });
            case PacketType.Redirect:
                var redirect = Decode<Redirect>(packet);
                if (!string.IsNullOrWhiteSpace(redirect?.NewHost))
                {
                    throw new NexusStreamEnded($"Nest redirected the stream to {redirect.NewHost}.", fatal: false, redirect.NewHost);
                }

                return false;
            default:
                return false; // PING, CLOCK_SYNC, OK, METADATA, TALKBACK_*: nothing for a viewer (spec §5)
        }
    }

    private bool OnPlayback(Live connection, NexusPacket packet)
    {
        if (!PlaybackPacketView.TryParse(packet.Payload, out var view))
        {
            MalformedPackets++;
            return false;
        }

        var arrival = Stopwatch.GetElapsedTime(started).Ticks * 9 / 1_000;
        if (view.ChannelId == connection.VideoChannel.ChannelId)
        {
            connection.LastMediaAt = Stopwatch.GetTimestamp();
            reconnectsWithoutMedia = 0;
            var pts = MapTimestamp(connection.VideoClock, view.TimestampDelta, arrival);
            if (!assembler.Add(view.Payload, pts, out var unit))
            {
                return false;
            }

            if (waitingForKeyframe && !unit.IsKeyframe)
            {
                return false; // nothing decodes before the first IDR of a connection
            }

            waitingForKeyframe = false;
            current = new MediaFrame(unit.Data, unit.Pts, unit.Pts, unit.IsKeyframe, discontinuityPending);
            discontinuityPending = false;
            return true;
        }

        if (connection.AudioChannel is { } audio && view.ChannelId == audio.ChannelId)
        {
            connection.LastMediaAt = Stopwatch.GetTimestamp();
            var pts = MapTimestamp(connection.AudioClock!, view.TimestampDelta, arrival);
            if (waitingForKeyframe || view.Payload.IsEmpty)
            {
                return false; // audio before the connection's first picture would open a segment without video
            }

            // Payloads are self-delimiting ADTS (spec §6, inferred): pass each frame through unchanged.
            pendingAudio = view.Payload.IsSingleSegment ? view.Payload.First : view.Payload.ToArray();
            pendingAudioPts = pts;
            return TakePendingAudio();
        }

        return false; // META / DIRECTORS_CUT channels
    }

    private bool TakePendingAudio()
    {
        if (pendingAudio.IsEmpty)
        {
            return false;
        }

        if (!AdtsHeader.TryParse(pendingAudio.Span, out var header))
        {
            if (!loggedBadAudio)
            {
                loggedBadAudio = true;
                logger.LogWarning("Nest camera {Uuid} sent audio that is not ADTS AAC; dropping it.", target.Uuid);
            }

            pendingAudio = default;
            return false;
        }

        current = new MediaFrame(pendingAudio[..header.FrameLength], pendingAudioPts, pendingAudioPts, IsKeyframe: true, Kind: MediaKind.Audio);
        pendingAudio = pendingAudio[header.FrameLength..];
        pendingAudioPts += header.ToTrack().FrameDuration90k;
        return true;
    }

    private long MapTimestamp(ChannelClock channel, int delta, long arrival)
    {
        var pts = timestamps.Map(channel, delta, arrival, out var fellBack);
        highestPts = Math.Max(highestPts, pts);
        if (fellBack)
        {
            logger.LogWarning("Nest camera {Uuid}: implausible timestamps ({Reason}); using the arrival clock from now on.", target.Uuid, timestamps.FallbackReason);
        }

        return pts;
    }

    private async Task OnErrorAsync(Live connection, NexusPacket packet, CancellationToken cancellationToken)
    {
        var error = Decode<ErrorMessage>(packet);
        if (error is null)
        {
            return;
        }

        if (error.Code == ErrorCode.AuthorizationFailed && !connection.Reauthorized)
        {
            // The token expired mid-stream: log in again once and re-authorise on the same connection (spec §5).
            connection.Reauthorized = true;
            await ReauthorizeAsync(connection, cancellationToken).ConfigureAwait(false);
            return;
        }

        throw NexusOutcomes.FromError(error);
    }

    /// <summary>
    /// The renewal timer bought a new token: hand it to the server on the running connection (spec §5,
    /// AUTHORIZE_REQUEST), so the stream outlives the old token instead of waiting for ERROR 3.
    /// </summary>
    private async Task AdoptRenewedTokenAsync(Live connection, CancellationToken cancellationToken)
    {
        tokenGeneration = tokens.Generation;
        if (tokens.Peek(target.ConnectionId, target.Credentials) is not { } fresh || ReferenceEquals(fresh, token) || (token is not null && fresh.ExpiresAt <= token.ExpiresAt))
        {
            return;
        }

        token = fresh;
        logger.LogDebug("Nest camera {Uuid}: re-authorising the running stream with the renewed token.", target.Uuid);
        await connection.Connection.SendAsync(PacketType.AuthorizeRequest, AuthorizeRequestFor(token), cancellationToken).ConfigureAwait(false);
    }

    private async Task ReauthorizeAsync(Live connection, CancellationToken cancellationToken)
    {
        try
        {
            token = await tokens.GetAsync(target.ConnectionId, target.Credentials, token, cancellationToken).ConfigureAwait(false);
        }
        catch (NestAuthException e)
        {
            throw new NexusStreamEnded(e.Message, fatal: e.CredentialRejected);
        }

        await connection.Connection.SendAsync(PacketType.AuthorizeRequest, AuthorizeRequestFor(token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects (following redirects) until PLAYBACK_BEGIN; retries a failed attempt while attempts remain.</summary>
    private async Task ConnectWithRetriesAsync(string? host, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await ConnectAsync(host, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NexusStreamEnded e) when (!e.Fatal && ++reconnectsWithoutMedia <= options.MaxReconnectsWithoutMedia)
            {
                await CloseAsync(sendStop: true).ConfigureAwait(false);
                logger.LogInformation("Nest camera {Uuid}: {Reason} Trying again.", target.Uuid, e.Message);
                host = e.RedirectHost;
            }
            catch (NexusStreamEnded e)
            {
                await CloseAsync(sendStop: true).ConfigureAwait(false);
                throw new CameraSourceException(e.Message);
            }
            catch (Exception e) when (IsConnectionFailure(e) && !cancellationToken.IsCancellationRequested)
            {
                await CloseAsync(sendStop: false).ConfigureAwait(false);
                if (++reconnectsWithoutMedia > options.MaxReconnectsWithoutMedia)
                {
                    throw new CameraSourceException($"Cannot reach the Nest stream server ({e.GetType().Name}: {e.Message}).", e);
                }

                host = null;
            }
        }
    }

    private async Task ConnectAsync(string? host, CancellationToken cancellationToken)
    {
        host ??= options.Transport == NexusTransportKind.WebSocket
            ? camera!.WebSocketNexustalkHost ?? camera.DirectNexustalkHost
            : camera!.DirectNexustalkHost;
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new CameraSourceException("Nest lists no stream server for this camera.");
        }

        for (var redirects = 0; ; redirects++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            string? redirectTo;
            try
            {
                redirectTo = await HandshakeAsync(host, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new NexusStreamEnded($"Nest did not start the stream within {options.ConnectTimeout.TotalSeconds:0.#} s.", fatal: false);
            }

            if (redirectTo is null)
            {
                return;
            }

            await CloseAsync(sendStop: true).ConfigureAwait(false);
            if (redirects >= options.MaxRedirects)
            {
                throw new NexusStreamEnded($"Nest redirected the stream more than {options.MaxRedirects} times.", fatal: true);
            }

            logger.LogDebug("Nest camera {Uuid}: redirected to {Host}.", target.Uuid, redirectTo);
            host = redirectTo;
        }
    }

    /// <summary>HELLO … PLAYBACK_BEGIN on a new connection; the new host when the server redirects instead.</summary>
    private async Task<string?> HandshakeAsync(string host, CancellationToken cancellationToken)
    {
        var transport = await transports.ConnectAsync(host, cancellationToken).ConfigureAwait(false);
        var connection = new NexusConnection(transport, options.MaxPacketLength);
        var state = new Live(connection);
        live = state;
        await connection.SendAsync(PacketType.Hello, HelloFor(token!), cancellationToken).ConfigureAwait(false);
        state.StartPinging(options.PingInterval, clock);

        var authorized = false;
        while (true)
        {
            var received = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new NexusStreamEnded("Nest closed the connection before the stream began.", fatal: false);
            var packet = received;
            switch (packet.Type)
            {
                case PacketType.Ok when !authorized:
                    authorized = true;
                    var video = ProfileChoice.VideoProfiles(camera!.Capabilities, refusedProfiles);
                    if (video.Count == 0)
                    {
                        throw new NexusStreamEnded("The camera offers no stream profile Nest accepts.", fatal: true);
                    }

                    state.Requested = video[0];
                    var wantAudio = options.Audio && camera.AudioEnabled;
                    await connection.SendAsync(PacketType.StartPlayback, ProfileChoice.Request(sessionId, video, wantAudio), cancellationToken).ConfigureAwait(false);
                    break;
                case PacketType.Redirect:
                    var redirect = Decode<Redirect>(packet);
                    if (!string.IsNullOrWhiteSpace(redirect?.NewHost))
                    {
                        return redirect.NewHost;
                    }

                    break;
                case PacketType.Error:
                    await OnErrorAsync(state, packet, cancellationToken).ConfigureAwait(false);
                    break;
                case PacketType.PlaybackEnd:
                    var end = Decode<PlaybackEnd>(packet);
                    if (end?.Reason == PlaybackEndReason.ProfileNotAvailable && state.Requested is { } refused)
                    {
                        refusedProfiles.Add(refused); // the next attempt asks for the next best profile
                    }

                    throw NexusOutcomes.FromEnd(end ?? new PlaybackEnd());
                case PacketType.PlaybackBegin:
                    var begin = Decode<PlaybackBegin>(packet);
                    if (begin is null || (begin.SessionId != 0 && begin.SessionId != sessionId))
                    {
                        break; // someone else's session (homebridge ignores these too)
                    }

                    var videoChannel = begin.Channels.FirstOrDefault(c => c.CodecType == CodecType.H264)
                        ?? throw new NexusStreamEnded("Nest began a stream without H.264 video.", fatal: false);
                    state.Begin(videoChannel, begin.Channels.FirstOrDefault(c => c.CodecType == CodecType.Aac), highestPts + 3600);
                    state.StartWatchdog(options.StallTimeout, clock);
                    assembler.Reset();
                    return null;
                default:
                    break;
            }
        }
    }

    private Hello HelloFor(NestToken current)
    {
        var hello = new Hello
        {
            ProtocolVersion = ProtocolVersion.Version3,
            Uuid = target.Uuid,
            DeviceId = deviceId,
            UserAgent = options.UserAgent,
            ClientType = ClientType.Web,
        };
        if (current.Kind == NestAuthKind.NestSession)
        {
            hello.SessionToken = current.Value;
        }
        else
        {
            var buffer = new ArrayBufferWriter<byte>();
            ProtoBuf.Serializer.Serialize(buffer, AuthorizeRequestFor(current));
            hello.AuthorizeRequest = buffer.WrittenSpan.ToArray();
        }

        return hello;
    }

    private static AuthorizeRequest AuthorizeRequestFor(NestToken current) => current.Kind == NestAuthKind.NestSession
        ? new AuthorizeRequest { SessionToken = current.Value }
        : new AuthorizeRequest { OliveToken = current.Value };

    private T? Decode<T>(NexusPacket packet)
        where T : class, new()
    {
        if (NexusMessages.TryDecode<T>(packet.Payload, out var message))
        {
            return message;
        }

        MalformedPackets++;
        return null;
    }

    private async Task CloseAsync(bool sendStop)
    {
        var closing = live;
        live = null;
        pendingAudio = default;
        if (closing is null)
        {
            return;
        }

        UnknownPackets += closing.Connection.Reader.UnknownPackets;
        MaxReceiveBuffer = Math.Max(MaxReceiveBuffer, closing.Connection.BufferCapacity);
        if (sendStop)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await closing.Connection.SendAsync(PacketType.StopPlayback, new StopPlayback { SessionId = sessionId }, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e) || e is OperationCanceledException or ObjectDisposedException)
            {
                // The connection is gone already; the server ends the session itself.
            }
        }

        await closing.DisposeAsync().ConfigureAwait(false);
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is IOException or WebSocketException or System.Net.Sockets.SocketException or AuthenticationException or NexusFramingException or HttpRequestException;

    /// <summary>The current connection and what PLAYBACK_BEGIN said about it.</summary>
    private sealed class Live(NexusConnection connection) : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private CancellationTokenSource? linked;
        private CancellationToken linkedFor;
        private Task pinging = Task.CompletedTask;
        private Task watching = Task.CompletedTask;

        public NexusConnection Connection { get; } = connection;

        public PlaybackChannel VideoChannel { get; private set; } = new();

        public ChannelClock VideoClock { get; private set; } = new(90_000);

        public PlaybackChannel? AudioChannel { get; private set; }

        public ChannelClock? AudioClock { get; private set; }

        public StreamProfile? Requested { get; set; }

        public bool Reauthorized { get; set; }

        public long LastMediaAt { get; set; } = Stopwatch.GetTimestamp();

        /// <param name="floor">Above every PTS of earlier connections: a camera clock running ahead of arrival must not make timestamps go back.</param>
        public void Begin(PlaybackChannel video, PlaybackChannel? audio, long floor)
        {
            VideoChannel = video;
            VideoClock = new ChannelClock(video.SampleRate) { LastPts = floor };
            AudioChannel = audio;
            AudioClock = audio is null ? null : new ChannelClock(audio.SampleRate) { LastPts = floor };
            LastMediaAt = Stopwatch.GetTimestamp();
        }

        /// <summary>The caller's token, cancelled too when the watchdog sees a stall.</summary>
        public CancellationToken Token(CancellationToken outer)
        {
            if (linked is null || linkedFor != outer)
            {
                linked?.Dispose();
                linked = CancellationTokenSource.CreateLinkedTokenSource(outer, stop.Token);
                linkedFor = outer;
            }

            return linked.Token;
        }

        public void StartPinging(TimeSpan interval, TimeProvider clock) => pinging = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval, clock);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    await Connection.SendEmptyAsync(PacketType.Ping, stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || IsConnectionFailure(e))
            {
                // Ends with the connection; a broken socket shows up on the receive side.
            }
        });

        public void StartWatchdog(TimeSpan stallTimeout, TimeProvider clock) => watching = Task.Run(async () =>
        {
            var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 50, stallTimeout.Ticks / 8));
            using var timer = new PeriodicTimer(period, clock);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    if (Stopwatch.GetElapsedTime(LastMediaAt) > stallTimeout)
                    {
                        await stop.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Connection closed.
            }
        });

        public async ValueTask DisposeAsync()
        {
            if (!stop.IsCancellationRequested)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }

            await Task.WhenAll(pinging, watching).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Connection.DisposeAsync().ConfigureAwait(false);
            linked?.Dispose();
            stop.Dispose();
        }
    }
}
