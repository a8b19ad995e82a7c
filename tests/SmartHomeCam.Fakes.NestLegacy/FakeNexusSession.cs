using System.Buffers;
using System.Diagnostics;
using SmartHomeCam.NestLegacy.Protocol;
using SmartHomeCam.NestLegacy.Protocol.Messages;

namespace SmartHomeCam.Fakes.NestLegacy;

/// <summary>One client connection to the fake nexustalk server: the core behaviour of the spec's test double plus the scenario switches.</summary>
internal sealed class FakeNexusSession(FakeNestServer server, IFakeWire wire, int index, string listener)
{
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private readonly Random random = new(index * 7919 + 17);
    private readonly CancellationTokenSource closed = new();
    private bool authorized;
    private uint sessionId;
    private bool audio;
    private Task streaming = Task.CompletedTask;
    private string? token;

    private FakeNestScenario Scenario => server.Scenario;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, closed.Token);
        var reader = new NexusPacketReader();
        var buffer = new byte[1 << 16];
        var pending = new ArrayBufferWriter<byte>();
        try
        {
            while (!linked.IsCancellationRequested)
            {
                var count = await wire.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
                if (count == 0)
                {
                    break;
                }

                pending.Write(buffer.AsSpan(0, count));
                var data = new ReadOnlySequence<byte>(pending.WrittenMemory);
                while (reader.TryRead(ref data, out var packet))
                {
                    await OnPacketAsync(packet, linked.Token).ConfigureAwait(false);
                }

                var rest = data.ToArray();
                pending.ResetWrittenCount();
                pending.Write(rest);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            // Client went away or the scenario closed the connection.
        }
        finally
        {
            await closed.CancelAsync().ConfigureAwait(false);
            await streaming.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await wire.CloseAsync().ConfigureAwait(false);
        }
    }

    private async Task OnPacketAsync(NexusPacket packet, CancellationToken cancellationToken)
    {
        object? message = packet.Type switch
        {
            PacketType.Hello => Decode<Hello>(packet),
            PacketType.StartPlayback => Decode<StartPlayback>(packet),
            PacketType.StopPlayback => Decode<StopPlayback>(packet),
            PacketType.AuthorizeRequest => Decode<AuthorizeRequest>(packet),
            PacketType.AudioPayload => Decode<AudioPayload>(packet),
            _ => null,
        };
        server.Record(new RecordedPacket(index, listener, packet.Type, message, DateTimeOffset.UtcNow));
        switch (packet.Type)
        {
            case PacketType.Hello:
                await OnHelloAsync((Hello?)message, cancellationToken).ConfigureAwait(false);
                break;
            case PacketType.AuthorizeRequest:
                var request = (AuthorizeRequest?)message;
                token = request?.OliveToken ?? request?.SessionToken;
                if (server.IsValidToken(token))
                {
                    authorized = true;
                    await SendAsync(PacketType.Ok, new Ok(), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await SendAsync(PacketType.Error, new ErrorMessage { Code = ErrorCode.AuthorizationFailed, Message = "auth" }, cancellationToken).ConfigureAwait(false);
                }

                break;
            case PacketType.Ping:
                break;
            case PacketType.StartPlayback when authorized:
                await OnStartAsync((StartPlayback?)message, cancellationToken).ConfigureAwait(false);
                break;
            case PacketType.StopPlayback:
                await SendAsync(PacketType.PlaybackEnd, new PlaybackEnd { SessionId = sessionId, Reason = PlaybackEndReason.SessionComplete }, cancellationToken).ConfigureAwait(false);
                await closed.CancelAsync().ConfigureAwait(false);
                break;
            default:
                if (!authorized)
                {
                    await SendAsync(PacketType.Error, new ErrorMessage { Code = ErrorCode.IllegalPacket, Message = "not authorized" }, cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    private async Task OnHelloAsync(Hello? hello, CancellationToken cancellationToken)
    {
        if (hello is null || hello.ProtocolVersion != ProtocolVersion.Version3 || hello.Uuid != FakeNestServer.CameraUuid)
        {
            await SendAsync(PacketType.Error, new ErrorMessage { Code = ErrorCode.IllegalPacket, Message = "bad hello" }, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (Scenario.ErrorOnHello is { } code)
        {
            await SendAsync(PacketType.Error, new ErrorMessage { Code = code, Message = "scenario" }, cancellationToken).ConfigureAwait(false);
            return;
        }

        token = hello.AuthorizeRequest is { } nested && NexusMessages.TryDecode<AuthorizeRequest>(new ReadOnlySequence<byte>(nested), out var request)
            ? request.OliveToken
            : hello.SessionToken;
        if (!server.IsValidToken(token))
        {
            await SendAsync(PacketType.Error, new ErrorMessage { Code = ErrorCode.AuthorizationFailed, Message = "auth" }, cancellationToken).ConfigureAwait(false);
            return;
        }

        authorized = true;
        await SendAsync(PacketType.Ok, new Ok(), cancellationToken).ConfigureAwait(false);
        if (Scenario.RedirectAlways || (listener == "primary" && Scenario.RedirectAfterOk && server.Once("redirect-ok")))
        {
            await SendAsync(PacketType.Redirect, new Redirect { NewHost = server.SecondaryHost }, cancellationToken).ConfigureAwait(false);
            await closed.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task OnStartAsync(StartPlayback? start, CancellationToken cancellationToken)
    {
        if (start is null)
        {
            return;
        }

        if (listener == "primary" && Scenario.RedirectAfterStart && server.Once("redirect-start"))
        {
            await SendAsync(PacketType.Redirect, new Redirect { NewHost = server.SecondaryHost }, cancellationToken).ConfigureAwait(false);
            await closed.CancelAsync().ConfigureAwait(false);
            return;
        }

        sessionId = start.SessionId;
        var offered = Scenario.Profiles.Where(p => !Scenario.UnavailableProfiles.Contains(p)).ToList();
        var profile = offered.Contains(start.Profile) ? start.Profile : (StreamProfile?)null;
        if (profile is null && Scenario.UnavailableProfiles.Contains(start.Profile))
        {
            await SendAsync(PacketType.PlaybackEnd, new PlaybackEnd { SessionId = sessionId, Reason = PlaybackEndReason.ProfileNotAvailable }, cancellationToken).ConfigureAwait(false);
            return;
        }

        profile ??= start.OtherProfiles.FirstOrDefault(offered.Contains);
        audio = start.OtherProfiles.Contains(StreamProfile.AudioAac);
        var begin = new PlaybackBegin { SessionId = sessionId };
        begin.Channels.Add(new PlaybackChannel { ChannelId = 1, CodecType = CodecType.H264, SampleRate = 90_000, Profile = profile ?? StreamProfile.VideoH264Mbit2L40 });
        if (audio)
        {
            begin.Channels.Add(new PlaybackChannel { ChannelId = 2, CodecType = CodecType.Aac, SampleRate = (uint)FakeNestClip.Instance.AudioSampleRate, Profile = StreamProfile.AudioAac });
        }

        await SendAsync(PacketType.PlaybackBegin, begin, cancellationToken).ConfigureAwait(false);
        streaming = Task.Run(() => StreamAsync(closed.Token), CancellationToken.None);
    }

    private async Task StreamAsync(CancellationToken cancellationToken)
    {
        var clip = FakeNestClip.Instance;
        var audioFrame90k = 1024L * 90_000 / clip.AudioSampleRate;
        var clock = Stopwatch.StartNew();
        long videoIndex = 0, audioIndex = 0;
        var sentFrames = 0;
        var paused = TimeSpan.Zero;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Pace by bursts: the whole burst goes out at once, when its first frame is due.
                var due = TimeSpan.FromSeconds(videoIndex * FakeNestClip.FrameDuration90k / 90_000.0 / Scenario.Speed) + paused;
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                if (authorized && !server.IsValidToken(token))
                {
                    paused += await TokenExpiredAsync(cancellationToken).ConfigureAwait(false);
                }

                for (var b = 0; b < Math.Max(1, Scenario.Burst); b++)
                {
                    var frame = clip.Frames[(int)(videoIndex % clip.Frames.Count)];
                    for (var n = 0; n < frame.Count; n++)
                    {
                        var delta = videoIndex == 0 || n > 0 ? 0 : FakeNestClip.FrameDuration90k * Scenario.DeltaScale;
                        await SendMediaAsync(1, delta, frame[n], video: true, cancellationToken).ConfigureAwait(false);
                    }

                    videoIndex++;
                    while (audio && audioIndex * audioFrame90k < videoIndex * FakeNestClip.FrameDuration90k)
                    {
                        var delta = audioIndex == 0 ? 0 : 1024 * Scenario.DeltaScale;
                        await SendMediaAsync(2, delta, clip.AudioFrames[(int)(audioIndex % clip.AudioFrames.Count)], video: false, cancellationToken).ConfigureAwait(false);
                        audioIndex++;
                    }

                    sentFrames++;
                    server.CountFrame();
                    if (Scenario.GarbageEvery > 0 && sentFrames % Scenario.GarbageEvery == 0)
                    {
                        await SendGarbageAsync(cancellationToken).ConfigureAwait(false);
                    }

                    if (sentFrames == Scenario.EventAfterFrames)
                    {
                        paused += await MidStreamEventAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            // Connection closed.
        }
    }

    private async Task<TimeSpan> MidStreamEventAsync(CancellationToken cancellationToken)
    {
        if (Scenario.ErrorMidStream is { } code && server.Once("error-mid"))
        {
            await SendAsync(PacketType.Error, new ErrorMessage { Code = code, Message = "scenario" }, cancellationToken).ConfigureAwait(false);
        }

        if (Scenario.EndMidStream is { } reason && server.Once("end-mid"))
        {
            await SendAsync(PacketType.PlaybackEnd, new PlaybackEnd { SessionId = sessionId, Reason = reason }, cancellationToken).ConfigureAwait(false);
            await closed.CancelAsync().ConfigureAwait(false);
        }

        if (Scenario.ExpireTokenMidStream && server.Once("expire"))
        {
            server.Expire(token);
            return await TokenExpiredAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Scenario.AbruptCloseMidStream && server.Once("abrupt"))
        {
            var half = NexusPacketWriter.ToArray(PacketType.PlaybackPacket, new PlaybackPacket { SessionId = sessionId, ChannelId = 1, Payload = new byte[100] });
            await WriteChunksAsync(half.AsMemory(0, half.Length / 2), cancellationToken).ConfigureAwait(false);
            await closed.CancelAsync().ConfigureAwait(false);
        }

        if (Scenario.StallMidStream is { } stall && server.Once("stall"))
        {
            await Task.Delay(stall, cancellationToken).ConfigureAwait(false);
            return stall;
        }

        return TimeSpan.Zero;
    }

    /// <summary>The session's token is no longer valid: ERROR 3, then no media until a valid AUTHORIZE_REQUEST (at most 10 s).</summary>
    private async Task<TimeSpan> TokenExpiredAsync(CancellationToken cancellationToken)
    {
        authorized = false;
        await SendAsync(PacketType.Error, new ErrorMessage { Code = ErrorCode.AuthorizationFailed, Message = "token expired" }, cancellationToken).ConfigureAwait(false);
        var waited = Stopwatch.StartNew();
        while (!authorized && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return waited.Elapsed;
    }

    private Task SendMediaAsync(uint channel, int delta, byte[] payload, bool video, CancellationToken cancellationToken)
    {
        var packet = new PlaybackPacket { SessionId = sessionId, ChannelId = channel, TimestampDelta = delta, Payload = payload };
        var type = payload.Length > ushort.MaxValue - 32 || (video && Scenario.LongPackets) ? PacketType.LongPlaybackPacket : PacketType.PlaybackPacket;
        return WriteChunksAsync(NexusPacketWriter.ToArray(type, packet), cancellationToken, mayHold: true);
    }

    private async Task SendGarbageAsync(CancellationToken cancellationToken)
    {
        // Unknown types with arbitrary bodies (g) and a well-framed PlaybackPacket whose body is not protobuf (i).
        var junk = new byte[random.Next(0, 40)];
        random.NextBytes(junk);
        var buffer = new ArrayBufferWriter<byte>();
        NexusPacketWriter.WriteRaw(buffer, PacketType.ClockSync, junk);
        NexusPacketWriter.WriteRaw(buffer, PacketType.Metadata, junk);
        NexusPacketWriter.WriteRaw(buffer, (PacketType)150, junk);
        NexusPacketWriter.WriteRaw(buffer, PacketType.PlaybackPacket, [0x22, 0x7F, 0x01]); // payload field claims 127 bytes, has 1
        await WriteChunksAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync<T>(PacketType type, T message, CancellationToken cancellationToken)
    {
        if (message is ErrorMessage { Code: ErrorCode.AuthorizationFailed })
        {
            server.CountAuthorizationError();
        }

        var bytes = NexusPacketWriter.ToArray(type, message);
        await WriteChunksAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private readonly ArrayBufferWriter<byte> coalescing = new();

    private int held;

    private async Task WriteChunksAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken, bool mayHold = false)
    {
        await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            switch (Scenario.Fragmentation)
            {
                case Fragmentation.Split:
                    for (var offset = 0; offset < bytes.Length;)
                    {
                        var n = Math.Min(bytes.Length - offset, random.Next(1, 9));
                        await wire.WriteAsync(bytes.Slice(offset, n), cancellationToken).ConfigureAwait(false);
                        offset += n;
                    }

                    break;
                case Fragmentation.SingleBytes:
                    for (var offset = 0; offset < bytes.Length; offset++)
                    {
                        await wire.WriteAsync(bytes.Slice(offset, 1), cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case Fragmentation.Coalesced:
                    // Media packets are held and sent several at a time; anything else flushes them.
                    coalescing.Write(bytes.Span);
                    if (!mayHold || ++held >= 4 || coalescing.WrittenCount > 16 * 1024)
                    {
                        await wire.WriteAsync(coalescing.WrittenMemory, cancellationToken).ConfigureAwait(false);
                        coalescing.ResetWrittenCount();
                        held = 0;
                    }

                    break;
                default:
                    await wire.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            sendLock.Release();
        }
    }

    private static T? Decode<T>(NexusPacket packet)
        where T : class, new() => NexusMessages.TryDecode<T>(packet.Payload, out var message) ? message : null;
}
