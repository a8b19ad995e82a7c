using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;
using SmartHomeCam.Fakes.Rtsp;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Arlo.Tests;

/// <summary>
/// End to end: fake camera registers → claimed → SYNC → EXECUTE → HLS from the camera's RTSP, with the camera's RR
/// watchdog on; and every way a stream ends (stop, idle, shutdown, a killed process) leaves the camera idle.
/// </summary>
public sealed class ArloStreamingTests(FakeRtspFixture clips) : IClassFixture<FakeRtspFixture>
{
    [Fact]
    public async Task Execute_plays_hls_that_ffmpeg_decodes_for_five_times_the_six_second_rule_then_stop_tears_down()
    {
        await using var h = await ArloHarness.StartAsync(clips.Media);
        await h.ClaimAsync("Garden");
        var url = await ExecuteAsync(h, "Garden");
        using var http = h.Server.Server.CreateClient();

        var started = Stopwatch.StartNew();
        Assert.Contains("#EXTM3U", await http.GetStringAsync(url), StringComparison.Ordinal);
        await Poll.UntilAsync(() => h.Camera.Rtsp.Counters.OpenStreams == 1, TimeSpan.FromSeconds(30), "camera streaming");
        var journal = Assert.Single(await h.JournalAsync());
        Assert.Equal(Assert.Single(h.Camera.Rtsp.SessionIds), journal.SessionId);
        Assert.Equal(h.Camera.Serial, journal.Serial);

        // Keep a viewer on it for ≥ 30 s (5× the camera's 6 s RR rule), then decode what HLS serves now.
        while (started.Elapsed < TimeSpan.FromSeconds(32))
        {
            Assert.Contains("#EXTM3U", await http.GetStringAsync(url), StringComparison.Ordinal);
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        var decode = await FfmpegOracle.DecodeAsync(url.ToString(), TimeSpan.FromSeconds(4), timeout: TimeSpan.FromSeconds(90));
        Assert.True(decode.Success && decode.Errors().Length == 0, decode.Errors());
        Assert.Equal(1, h.Camera.Rtsp.Counters.StreamsStarted);
        Assert.Empty(h.Camera.Rtsp.Counters.Ends); // never cut: not by the RR watchdog, not at all
        Assert.Equal(0, h.Camera.RtcpDisconnects);
        Assert.True(h.Camera.Rtsp.Counters.ReceiverReports >= 10, $"{h.Camera.Rtsp.Counters.ReceiverReports} RRs");
        Assert.All(h.Camera.Rtsp.Counters.ReceiverReportIntervals, gap => Assert.True(gap < TimeSpan.FromSeconds(6), $"RR gap {gap}"));

        await h.Services.GetRequiredService<SmartHomeCam.Streaming.Sessions.CaptureSessionRegistry>().StopLocalAsync(h.UserId);

        await Poll.UntilAsync(() => h.Camera.Rtsp.Counters.OpenStreams == 0, TimeSpan.FromSeconds(20), "stream torn down on stop");
        Assert.Equal(1, h.Camera.Rtsp.Counters.Teardowns);
        await Poll.UntilAsync(async () => (await h.JournalAsync()).Count == 0, TimeSpan.FromSeconds(10), "journal cleared");
    }

    [Fact]
    public async Task The_idle_timeout_tears_the_camera_stream_down()
    {
        await using var h = await ArloHarness.StartAsync(clips.Media, overrides: new Dictionary<string, string?> { ["Streaming:IdleTimeout"] = "00:00:03" });
        await h.ClaimAsync("Porch");
        var url = await ExecuteAsync(h, "Porch");
        using var http = h.Server.Server.CreateClient();
        await http.GetStringAsync(url);
        await Poll.UntilAsync(() => h.Camera.Rtsp.Counters.StreamsStarted == 1, TimeSpan.FromSeconds(30), "camera streaming");

        await Poll.UntilAsync(() => h.Camera.Rtsp.Counters.OpenStreams == 0, TimeSpan.FromSeconds(60), "idle stream torn down");

        Assert.Equal(FakeRtspEndReason.Teardown, Assert.Single(h.Camera.Rtsp.Counters.Ends).Reason);
    }

    [Fact]
    public async Task Shutting_the_service_down_tears_the_camera_stream_down()
    {
        var h = await ArloHarness.StartAsync(clips.Media);
        try
        {
            await h.ClaimAsync("Drive");
            var url = await ExecuteAsync(h, "Drive");
            using (var http = h.Server.Server.CreateClient())
            {
                await http.GetStringAsync(url);
            }

            await Poll.UntilAsync(() => h.Camera.Rtsp.Counters.OpenStreams == 1, TimeSpan.FromSeconds(30), "camera streaming");
            await h.Server.DisposeAsync();

            await Poll.UntilAsync(() => h.Camera.Rtsp.Counters.OpenStreams == 0, TimeSpan.FromSeconds(20), "torn down on shutdown");
            Assert.Equal(1, h.Camera.Rtsp.Counters.Teardowns);
        }
        finally
        {
            await h.Camera.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stream_left_open_by_a_killed_process_is_torn_down_at_the_next_start()
    {
        // The killed process is a real one (ffmpeg, UDP, no RRs so only TEARDOWN can stop it); its journal entry is
        // what our own process writes before PLAY (checked in the EXECUTE test above).
        var dataDirectory = Path.Combine(Path.GetTempPath(), "shc-arlo-" + Guid.NewGuid().ToString("N"));
        var h = await ArloHarness.StartAsync(clips.Media, o => new Fakes.Arlo.FakeArloCameraOptions
        {
            Serial = o.Serial, Address = o.Address, Media = o.Media, ReceiverReportTimeout = null,
        }, dataDirectory: dataDirectory);
        h.Server.Server.DeleteDataOnDispose = false;
        await h.Server.DisposeAsync();
        var rtspUrl = new Uri($"rtsp://{h.Camera.Address}:{h.Camera.RtspPort}/live");
        await using (var ffmpeg = FfmpegClient.Start(rtspUrl, "udp"))
        {
            await Poll.UntilAsync(() => h.Camera.Rtsp.Counters.RtpPackets > 50, TimeSpan.FromSeconds(30), "ffmpeg playing");
            await ffmpeg.KillAsync();
        }

        await Poll.UntilAsync(() => h.Camera.Rtsp.Counters.PacketsToNobody > 20, TimeSpan.FromSeconds(20), "camera streaming to nobody");
        await WriteJournalAsync(dataDirectory, h.Camera.Serial, rtspUrl, Assert.Single(h.Camera.Rtsp.SessionIds));

        await using var next = await ServerInstance.StartAsync(new Dictionary<string, string?> { ["Arlo:Enabled"] = "false" }, dataDirectory);
        try
        {
            await Poll.UntilAsync(() => h.Camera.Rtsp.Counters.OpenStreams == 0, TimeSpan.FromSeconds(30), "orphan torn down at start");
            Assert.Equal(1, h.Camera.Rtsp.Counters.Teardowns);
            Assert.True(Assert.Single(h.Camera.Rtsp.Counters.Ends).Orphaned);
            await Poll.UntilAsync(async () => (await next.Services.GetRequiredService<ArloStreamJournal>().ListAsync(CancellationToken.None)).Count == 0,
                TimeSpan.FromSeconds(10), "journal cleared");
        }
        finally
        {
            await h.Camera.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_h265_only_camera_gets_a_clear_not_playable_on_cast_error()
    {
        await using var h = await ArloHarness.StartAsync(clips.Media, o => new Fakes.Arlo.FakeArloCameraOptions
        {
            Serial = o.Serial, Address = o.Address, Media = o.Media, Model = "VMC5040", Capabilities = ["PirMotion", "H.265Streaming", "BatteryLevel"],
        });
        var provider = h.Services.GetRequiredService<ArloCameraProvider>();
        var connection = new ProviderConnectionContext(Guid.NewGuid(), h.UserId, ArloCameraProvider.ProviderId, "Ultra",
            new Dictionary<string, string> { [ArloCameraProvider.SerialField] = h.Camera.Serial }, null);

        await using var source = provider.CreateSource(connection, h.Camera.Serial);
        var error = await Assert.ThrowsAsync<CameraSourceException>(async () => await source.OpenAsync(CancellationToken.None));

        Assert.Contains("not playable on Cast", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Camera.Rtsp.Counters.StreamsStarted);
    }

    private static async Task<Uri> ExecuteAsync(ArloHarness h, string name)
    {
        var ids = await h.Server.DeviceIdsAsync();
        var (_, body) = await h.Server.Client.PostAsync(FulfillmentClient.Execute(ids[name]));
        using var json = JsonDocument.Parse(body);
        return new Uri(json.RootElement.GetProperty("payload").GetProperty("commands")[0].GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
    }

    private static async Task WriteJournalAsync(string dataDirectory, string serial, Uri url, string sessionId)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseSmartHomeCamSqlite($"Data Source={Path.Combine(dataDirectory, "smarthomecam.db")}");
        await using var db = new AppDbContext(options.Options);
        db.ArloStreamJournal.Add(new ArloStreamJournalEntry
        {
            Id = Guid.NewGuid(), Serial = serial, RtspUrl = url.ToString(), SessionId = sessionId, OpenedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
