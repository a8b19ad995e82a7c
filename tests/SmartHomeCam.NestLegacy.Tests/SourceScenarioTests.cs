using SmartHomeCam.Cameras;
using SmartHomeCam.Fakes.NestLegacy;
using SmartHomeCam.Media;
using SmartHomeCam.Media.H264;
using SmartHomeCam.NestLegacy.Protocol;
using SmartHomeCam.NestLegacy.Protocol.Messages;
using SmartHomeCam.Testing;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>The capture source against the fake Nest, one test per scenario of the spec's test double, asserting what a viewer gets.</summary>
public sealed class SourceScenarioTests
{
    [Fact]
    public async Task Streams_the_clip_as_whole_access_units_with_aac_and_stops_playback_on_dispose()
    {
        await using var h = await NestLegacyHarness.StartAsync();
        List<ReadFrame> frames;
        await using (var source = h.Source())
        {
            var tracks = await source.OpenAsync(CancellationToken.None);
            Assert.NotNull(tracks.Audio);
            Assert.Equal(FakeNestClip.Instance.AudioSampleRate, tracks.Audio.SampleRate);
            frames = await SourceReading.ReadAsync(source, 30);
        }

        var video = frames.Video();
        Assert.True(video[0].IsKeyframe && !video[0].Discontinuity);
        for (var i = 0; i < video.Count; i++)
        {
            Assert.Equal(AnnexBOf(FakeNestClip.Instance.Frames[i]), video[i].Data); // byte for byte, in order
        }

        Assert.Contains(frames, f => f.Kind == MediaKind.Audio);
        Assert.All(frames.Where(f => f.Kind == MediaKind.Audio), f => Assert.Equal(0xFF, f.Data[0]));
        var hello = (Hello)h.Fake.Packets.First(p => p.Type == PacketType.Hello).Message!;
        Assert.Equal(ProtocolVersion.Version3, hello.ProtocolVersion);
        var start = (StartPlayback)h.Fake.Packets.First(p => p.Type == PacketType.StartPlayback).Message!;
        Assert.Equal(StreamProfile.VideoH264Mbit2L40, start.Profile);
        Assert.Contains(StreamProfile.AudioAac, start.OtherProfiles);
        Assert.InRange(start.SessionId, 1u, 99u);
        await Poll.UntilAsync(() => h.Fake.Count(PacketType.StopPlayback) == 1, TimeSpan.FromSeconds(10), "STOP_PLAYBACK");
        Assert.Equal(start.SessionId, ((StopPlayback)h.Fake.Packets.First(p => p.Type == PacketType.StopPlayback).Message!).SessionId);
    }

    [Fact]
    public async Task Timestamps_follow_the_cameras_clock_even_when_packets_arrive_in_bursts()
    {
        await using var h = await NestLegacyHarness.StartAsync(f => f.Scenario.Burst = 10);
        await using var source = h.Source();
        await source.OpenAsync(CancellationToken.None);
        var video = (await SourceReading.ReadAsync(source, 60)).Video();
        var steps = video.Zip(video.Skip(1), (a, b) => b.Pts - a.Pts).ToList();
        Assert.All(steps, s => Assert.Equal(FakeNestClip.FrameDuration90k, s)); // arrival would give 0, 0, …, 400 ms
        Assert.False(source.UsingArrivalClock);
        var audio = (await SourceReading.ReadAsync(source, 10)).Where(f => f.Kind == MediaKind.Audio).ToList();
        Assert.All(audio.Zip(audio.Skip(1), (a, b) => b.Pts - a.Pts), s => Assert.Equal(1024L * 90_000 / FakeNestClip.Instance.AudioSampleRate, s));
    }

    [Fact]
    public async Task Implausible_timestamps_fall_back_to_the_arrival_clock_and_say_so_once()
    {
        await using var h = await NestLegacyHarness.StartAsync(f => f.Scenario.DeltaScale = 1000);
        await using var source = h.Source();
        await source.OpenAsync(CancellationToken.None);
        var video = (await SourceReading.ReadAsync(source, 40)).Video();
        Assert.True(source.UsingArrivalClock);
        Assert.All(video.Zip(video.Skip(1)), p => Assert.InRange(p.Second.Pts - p.First.Pts, 0, 90_000));
        Assert.Single(h.Logs.Lines, l => l.Contains("implausible timestamps", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Fragmentation.Split)]
    [InlineData(Fragmentation.Coalesced)]
    [InlineData(Fragmentation.SingleBytes)]
    public async Task Packets_split_or_coalesced_across_reads_arrive_intact(Fragmentation mode)
    {
        await using var h = await NestLegacyHarness.StartAsync(f =>
        {
            f.Scenario.Fragmentation = mode;
            f.Scenario.LongPackets = true;
        });
        await using var source = h.Source();
        await source.OpenAsync(CancellationToken.None);
        var video = (await SourceReading.ReadAsync(source, 25)).Video();
        for (var i = 0; i < video.Count; i++)
        {
            Assert.Equal(AnnexBOf(FakeNestClip.Instance.Frames[i]), video[i].Data);
        }

        Assert.Equal(0, source.Reconnects);
    }

    [Fact]
    public async Task Websocket_transport_streams_the_same()
    {
        await using var h = await NestLegacyHarness.StartAsync(
            f => f.UseWebSocket = true, new Dictionary<string, string?> { ["Transport"] = "WebSocket" });
        await using var source = h.Source(h.Nest());
        await source.OpenAsync(CancellationToken.None);
        var video = (await SourceReading.ReadAsync(source, 25)).Video();
        Assert.Equal(25, video.Count);
        var hello = (Hello)h.Fake.Packets.First(p => p.Type == PacketType.Hello).Message!;
        Assert.StartsWith("S", hello.SessionToken, StringComparison.Ordinal); // Nest session token goes in Hello.4 (spec §1d)
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_redirect_after_ok_or_after_start_reconnects_to_the_new_host(bool afterOk)
    {
        await using var h = await NestLegacyHarness.StartAsync(f =>
        {
            f.Scenario.RedirectAfterOk = afterOk;
            f.Scenario.RedirectAfterStart = !afterOk;
        });
        await using var source = h.Source();
        await source.OpenAsync(CancellationToken.None);
        var video = (await SourceReading.ReadAsync(source, 10)).Video();
        Assert.Equal(10, video.Count);
        Assert.Contains(h.Fake.Packets, p => p.Listener == "secondary" && p.Type == PacketType.Hello);
        Assert.Contains(h.Fake.Packets, p => p.Listener == "secondary" && p.Type == PacketType.StartPlayback);
        Assert.False(video[0].Discontinuity); // nothing was shown before the redirect
    }

    [Fact]
    public async Task A_redirect_loop_is_bounded()
    {
        await using var h = await NestLegacyHarness.StartAsync(f => f.Scenario.RedirectAlways = true);
        await using var source = h.Source();
        var e = await Assert.ThrowsAsync<CameraSourceException>(() => source.OpenAsync(CancellationToken.None).AsTask());
        Assert.Contains("redirected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Camera_not_connected_is_reported_as_offline()
    {
        await using var h = await NestLegacyHarness.StartAsync(f => f.Scenario.ErrorOnHello = ErrorCode.CameraNotConnected);
        await using var source = h.Source();
        var e = await Assert.ThrowsAsync<CameraSourceException>(() => source.OpenAsync(CancellationToken.None).AsTask());
        Assert.Contains("offline", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, h.Fake.Connections); // no point retrying
    }

    [Theory]
    [InlineData(ErrorCode.NoTranscoderAvailable)]
    [InlineData(ErrorCode.TranscodeProxyError)]
    [InlineData(ErrorCode.Internal)]
    [InlineData(ErrorCode.IllegalPacket)]
    public async Task Other_errors_mid_stream_reconnect_with_a_discontinuity(ErrorCode code)
    {
        await using var h = await NestLegacyHarness.StartAsync(f =>
        {
            f.Scenario.ErrorMidStream = code;
            f.Scenario.EventAfterFrames = 20;
            f.Scenario.Speed = 2;
        });
        await AssertReconnectsWithDiscontinuityAsync(h);
    }

    [Theory]
    [InlineData(PlaybackEndReason.UserEndedSession)]
    [InlineData(PlaybackEndReason.TimeNotAvailable)]
    [InlineData(PlaybackEndReason.ProfileNotAvailable)]
    [InlineData(PlaybackEndReason.TranscodeNotAvailable)]
    [InlineData(PlaybackEndReason.SessionComplete)]
    public async Task Playback_end_mid_stream_reconnects_with_a_discontinuity(PlaybackEndReason reason)
    {
        await using var h = await NestLegacyHarness.StartAsync(f =>
        {
            f.Scenario.EndMidStream = reason;
            f.Scenario.EventAfterFrames = 20;
            f.Scenario.Speed = 2;
        });
        await AssertReconnectsWithDiscontinuityAsync(h);
    }

    [Fact]
    public async Task Playback_end_cannot_reach_camera_ends_the_source_as_offline()
    {
        await using var h = await NestLegacyHarness.StartAsync(f =>
        {
            f.Scenario.EndMidStream = PlaybackEndReason.LeafNodeCannotReachCamera;
            f.Scenario.EventAfterFrames = 10;
            f.Scenario.Speed = 2;
        });
        await using var source = h.Source();
        await source.OpenAsync(CancellationToken.None);
        var e = await Assert.ThrowsAsync<CameraSourceException>(() => SourceReading.ReadAsync(source, 1000));
        Assert.Contains("offline", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unavailable_profile_is_retried_with_the_next_best()
    {
        await using var h = await NestLegacyHarness.StartAsync(f => f.Scenario.UnavailableProfiles.Add(StreamProfile.VideoH264Mbit2L40));
        await using var source = h.Source();
        await source.OpenAsync(CancellationToken.None);
        Assert.Equal(5, (await SourceReading.ReadAsync(source, 5)).Video().Count);
        var starts = h.Fake.Packets.Where(p => p.Type == PacketType.StartPlayback).Select(p => ((StartPlayback)p.Message!).Profile).ToList();
        Assert.Equal([StreamProfile.VideoH264Mbit2L40, StreamProfile.VideoH264Kbit530L31], starts);
    }

    [Fact]
    public async Task A_stall_reconnects_after_the_stall_timeout_with_a_discontinuity()
    {
        await using var h = await NestLegacyHarness.StartAsync(f =>
        {
            f.Scenario.StallMidStream = TimeSpan.FromSeconds(30);
            f.Scenario.EventAfterFrames = 20;
        });
        await AssertReconnectsWithDiscontinuityAsync(h);
        Assert.Contains(h.Logs.Lines, l => l.Contains("No media from the camera", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_abrupt_close_mid_packet_reconnects()
    {
        await using var h = await NestLegacyHarness.StartAsync(f =>
        {
            f.Scenario.AbruptCloseMidStream = true;
            f.Scenario.EventAfterFrames = 20;
            f.Scenario.Speed = 2;
        });
        await AssertReconnectsWithDiscontinuityAsync(h);
    }

    [Fact]
    public async Task Malformed_and_unknown_packets_are_dropped_and_the_stream_goes_on()
    {
        await using var h = await NestLegacyHarness.StartAsync(f =>
        {
            f.Scenario.GarbageEvery = 3;
            f.Scenario.Speed = 2;
        });
        await using var source = h.Source();
        await source.OpenAsync(CancellationToken.None);
        var video = (await SourceReading.ReadAsync(source, 40)).Video();
        for (var i = 0; i < video.Count; i++)
        {
            Assert.Equal(AnnexBOf(FakeNestClip.Instance.Frames[i]), video[i].Data);
        }

        Assert.Equal(0, source.Reconnects);
        Assert.True(source.MalformedPackets >= 10, $"{source.MalformedPackets} malformed");
        await source.DisposeAsync();
        Assert.True(source.UnknownPackets >= 10, $"{source.UnknownPackets} unknown");
    }

    [Fact]
    public async Task An_expired_jwt_mid_stream_is_renewed_and_authorized_on_the_same_connection()
    {
        await using var h = await NestLegacyHarness.StartAsync(f =>
        {
            f.Scenario.ExpireTokenMidStream = true;
            f.Scenario.EventAfterFrames = 20;
            f.Scenario.Speed = 2;
        });
        await using var source = h.Source();
        await source.OpenAsync(CancellationToken.None);
        var video = (await SourceReading.ReadAsync(source, 60)).Video();
        Assert.Equal(60, video.Count);
        Assert.DoesNotContain(video, f => f.Discontinuity);
        var authorize = h.Fake.Packets.Where(p => p.Type == PacketType.AuthorizeRequest).Select(p => ((AuthorizeRequest)p.Message!).OliveToken).ToList();
        Assert.Single(authorize);
        Assert.StartsWith("J2.", authorize[0], StringComparison.Ordinal); // a fresh login, not the stale JWT
        Assert.Equal(1, h.Fake.Connections);
    }

    [Fact]
    public async Task Streaming_disabled_in_the_nest_app_never_connects()
    {
        await using var h = await NestLegacyHarness.StartAsync(f => f.Scenario.StreamingEnabled = false);
        await using var source = h.Source();
        var e = await Assert.ThrowsAsync<CameraSourceException>(() => source.OpenAsync(CancellationToken.None).AsTask());
        Assert.Contains("switched off", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Fake.Connections);
    }

    [Fact]
    public async Task Pings_go_out_every_ping_interval()
    {
        await using var h = await NestLegacyHarness.StartAsync(overrides: new Dictionary<string, string?> { ["PingInterval"] = "00:00:00.200" });
        await using var source = h.Source();
        await source.OpenAsync(CancellationToken.None);
        var reading = SourceReading.ReadAsync(source, 50);
        await Poll.UntilAsync(() => h.Fake.Count(PacketType.Ping) >= 3, TimeSpan.FromSeconds(20), "3 PINGs");
        await reading;
    }

    private static async Task AssertReconnectsWithDiscontinuityAsync(NestLegacyHarness h)
    {
        await using var source = h.Source();
        await source.OpenAsync(CancellationToken.None);
        var video = (await SourceReading.ReadAsync(source, 45)).Video();
        Assert.Equal(1, source.Reconnects);
        var marked = video.FindIndex(f => f.Discontinuity);
        Assert.True(marked > 0, "no frame marked as a discontinuity");
        Assert.True(video[marked].IsKeyframe);
        Assert.All(video.Zip(video.Skip(1)), p => Assert.True(p.Second.Pts > p.First.Pts));
        Assert.True(h.Fake.Connections >= 2);
    }

    private static byte[] AnnexBOf(IReadOnlyList<byte[]> nals) => [.. nals.SelectMany(n => AnnexB.StartCode.ToArray().Concat(n))];
}
