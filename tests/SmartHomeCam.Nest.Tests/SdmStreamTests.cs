using System.Diagnostics;
using SmartHomeCam.Cameras;
using SmartHomeCam.Fakes.Nest;
using SmartHomeCam.Media;

namespace SmartHomeCam.Nest.Tests;

/// <summary>The RTSP stream of a Nest camera against the strict fake: extensions, the splice, and each failure rule.</summary>
public sealed class SdmStreamTests
{
    /// <summary>Short streams so several extensions happen in seconds; quotas off on both sides (one extension every 3 s).</summary>
    private static readonly Dictionary<string, string?> FastStreams = new()
    {
        ["Nest:ExtendLeadTime"] = "00:00:02",
        ["Nest:CommandPerDevicePerMinute"] = "1000",
        ["Nest:ExecutePerMinute"] = "1000",
    };

    [Fact]
    public async Task A_stream_runs_across_three_extensions_against_the_strict_fake_with_continuous_timestamps_and_no_discontinuity()
    {
        await using var h = await SdmHarness.StartAsync(FastStreams, c => { c.StreamLifetime = TimeSpan.FromSeconds(5); c.EnforceQuotas = false; });
        await h.Provider.ListAsync(h.Connection, CancellationToken.None);
        await using var source = (SdmRtspSource)h.Provider.CreateSource(h.Connection, "rtsp-cam");
        await source.OpenAsync(CancellationToken.None);
        var frames = await ReadForAsync(source, TimeSpan.FromSeconds(13));

        var stream = Assert.Single(h.Cloud.Streams);
        Assert.True(stream.Extensions >= 3, $"extensions: {stream.Extensions}");
        Assert.True(source.Splices >= 3, $"splices: {source.Splices}");
        Assert.Equal(0, source.Discontinuities);
        Assert.Equal(0, h.Rtsp.Cuts); // every old session was left before the server cut it
        Assert.DoesNotContain(frames, f => f.Discontinuity);
        AssertContinuous(frames);
    }

    [Fact]
    public async Task When_the_old_session_dies_before_the_new_one_has_an_idr_the_splice_is_marked_as_a_discontinuity()
    {
        // Extend only 0.3 s before expiry, and the stream server takes a second to open the new session: the old one is cut first.
        var settings = new Dictionary<string, string?>(FastStreams) { ["Nest:ExtendLeadTime"] = "00:00:00.300" };
        await using var h = await SdmHarness.StartAsync(settings, c => { c.StreamLifetime = TimeSpan.FromSeconds(3); c.EnforceQuotas = false; });
        await h.Provider.ListAsync(h.Connection, CancellationToken.None);
        await using var source = (SdmRtspSource)h.Provider.CreateSource(h.Connection, "rtsp-cam");
        await source.OpenAsync(CancellationToken.None);
        h.Rtsp.OpenDelay = TimeSpan.FromSeconds(1);
        var frames = await ReadForAsync(source, TimeSpan.FromSeconds(6), stopOnError: true);
        Assert.True(h.Rtsp.Cuts >= 1);
        Assert.Contains(frames, f => f.Discontinuity);
        AssertContinuous(frames);
    }

    [Fact]
    public async Task When_the_old_session_dies_while_its_extension_is_still_in_flight_the_stream_goes_on_with_a_discontinuity()
    {
        // Google answers a second late, the extension is asked for 0.3 s before expiry: the session is cut with no successor yet.
        var settings = new Dictionary<string, string?>(FastStreams) { ["Nest:ExtendLeadTime"] = "00:00:00.300" };
        await using var h = await SdmHarness.StartAsync(settings, c => { c.StreamLifetime = TimeSpan.FromSeconds(3); c.EnforceQuotas = false; });
        await h.Provider.ListAsync(h.Connection, CancellationToken.None);
        await using var source = (SdmRtspSource)h.Provider.CreateSource(h.Connection, "rtsp-cam");
        await source.OpenAsync(CancellationToken.None);
        h.Cloud.Faults.Latency = TimeSpan.FromSeconds(1);
        var frames = await ReadForAsync(source, TimeSpan.FromSeconds(8), stopOnError: true);
        Assert.True(h.Rtsp.Cuts >= 1);
        Assert.True(source.Splices >= 1, "the stream ended instead of moving to the next session");
        Assert.Contains(frames, f => f.Discontinuity);
        AssertContinuous(frames);
    }

    [Fact]
    public async Task Stop_is_sent_when_the_source_is_released()
    {
        await using var h = await SdmHarness.StartAsync();
        await h.Provider.ListAsync(h.Connection, CancellationToken.None);
        var source = h.Provider.CreateSource(h.Connection, "rtsp-cam");
        await source.OpenAsync(CancellationToken.None);
        await ReadForAsync(source, TimeSpan.FromSeconds(1));
        await source.DisposeAsync();
        Assert.True(Assert.Single(h.Cloud.Streams).Stopped);
        Assert.Equal(0, h.Rtsp.Active);
    }

    [Fact]
    public async Task A_refused_describe_generates_a_new_stream()
    {
        await using var h = await SdmHarness.StartAsync();
        await h.Provider.ListAsync(h.Connection, CancellationToken.None);
        h.Rtsp.RefuseNext = 1;
        h.Rtsp.RefuseStatus = 404;
        await using var source = h.Provider.CreateSource(h.Connection, "rtsp-cam");
        await source.OpenAsync(CancellationToken.None);
        Assert.Equal(2, h.Cloud.Streams.Count);
        Assert.Equal(1, h.Rtsp.Refused);
        Assert.NotEmpty(await ReadForAsync(source, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_camera_that_answers_the_wrong_protocol_is_marked_webrtc_with_a_clear_error()
    {
        await using var h = await SdmHarness.StartAsync();
        var before = await h.Provider.ListAsync(h.Connection, CancellationToken.None);
        Assert.Equal("RTSP", before.Single(c => c.ProviderCameraId == "rtsp-cam").DeviceInfo.HwVersion);
        h.Cloud.DefaultAccount.MigrateToWebRtc("rtsp-cam"); // our cached list still says RTSP
        await using var source = h.Provider.CreateSource(h.Connection, "rtsp-cam");
        var e = await Assert.ThrowsAsync<CameraSourceException>(() => source.OpenAsync(CancellationToken.None).AsTask());
        Assert.Contains("WebRTC", e.Message, StringComparison.Ordinal);
        var after = await h.Provider.ListAsync(h.Connection, CancellationToken.None);
        Assert.Equal("WebRTC", after.Single(c => c.ProviderCameraId == "rtsp-cam").DeviceInfo.HwVersion);
        // Still listed: the camera is not removed, and its source now says what it needs.
        await using var webRtc = h.Provider.CreateSource(h.Connection, "rtsp-cam");
        var needs = await Assert.ThrowsAsync<CameraSourceException>(() => webRtc.OpenAsync(CancellationToken.None).AsTask());
        Assert.Contains("WebRTC", needs.Message, StringComparison.Ordinal); // the WebRTC path now answers (here the stub answer is refused)
    }

    [Fact]
    public async Task A_refused_extension_generates_a_new_stream_and_the_output_goes_on()
    {
        await using var h = await SdmHarness.StartAsync(FastStreams, c => { c.StreamLifetime = TimeSpan.FromSeconds(4); c.EnforceQuotas = false; });
        await h.Provider.ListAsync(h.Connection, CancellationToken.None);
        await using var source = (SdmRtspSource)h.Provider.CreateSource(h.Connection, "rtsp-cam");
        await source.OpenAsync(CancellationToken.None);
        h.Cloud.Faults.FailNext(400, "INVALID_ARGUMENT"); // the next call (the Extend) is refused as a stale token
        var frames = await ReadForAsync(source, TimeSpan.FromSeconds(6));
        Assert.True(h.Cloud.Streams.Count >= 2, "a second stream was generated");
        Assert.True(source.Splices >= 1);
        AssertContinuous(frames);
    }

    internal static async Task<List<MediaFrame>> ReadForAsync(ICameraSource source, TimeSpan duration, bool stopOnError = false)
    {
        var frames = new List<MediaFrame>();
        using var cts = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var longestWait = TimeSpan.Zero;
        var last = clock.Elapsed;
        try
        {
            await foreach (var frame in source.ReadAsync(cts.Token))
            {
                frames.Add(frame with { Data = ReadOnlyMemory<byte>.Empty });
                var now = clock.Elapsed;
                longestWait = now - last > longestWait ? now - last : longestWait;
                last = now;
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
        catch (CameraSourceException) when (stopOnError)
        {
        }

        Assert.NotEmpty(frames);
        if (!stopOnError)
        {
            Assert.True(longestWait < TimeSpan.FromSeconds(1.5), $"the output stalled for {longestWait.TotalMilliseconds} ms");
        }

        return frames;
    }

    internal static void AssertContinuous(List<MediaFrame> frames)
    {
        var video = frames.Where(f => f.Kind == MediaKind.Video).ToList();
        Assert.True(video[0].IsKeyframe);
        for (var i = 1; i < video.Count; i++)
        {
            var step = video[i].Dts - video[i - 1].Dts;
            Assert.True(step > 0 && step <= 2 * 3600, $"video DTS step {step} at frame {i}");
        }

        var audio = frames.Where(f => f.Kind == MediaKind.Audio).ToList();
        for (var i = 1; i < audio.Count; i++)
        {
            Assert.True(audio[i].Pts > audio[i - 1].Pts, $"audio PTS went back at {i}");
        }
    }
}
