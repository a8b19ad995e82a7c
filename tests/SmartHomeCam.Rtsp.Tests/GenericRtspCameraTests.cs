using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;
using SmartHomeCam.Rtsp.Cameras;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Rtsp.Tests;

/// <summary>
/// Generic RTSP cameras in the real server: added through the connection manager (probe on add), listed by SYNC,
/// streamed by EXECUTE to an HLS URL ffmpeg decodes; and the plain-words refusals.
/// </summary>
public sealed class GenericRtspCameraTests
{
    private static async Task<string> UserIdAsync(ServerInstance server, string email)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return user!.Id;
    }

    private static ConnectionRequest Request(string name, string url, string? user = null, string? password = null, string transport = "tcp")
    {
        var fields = new Dictionary<string, string> { [RtspCameraProvider.UrlField] = url, [RtspCameraProvider.TransportField] = transport };
        if (user is not null)
        {
            fields[RtspCameraProvider.UserField] = user;
        }

        return new ConnectionRequest(name, fields, password);
    }

    [Fact]
    public async Task A_gstreamer_camera_is_added_synced_and_streams_to_hls_that_ffmpeg_decodes()
    {
        await using var gst = await GstRtspServer.StartAsync("--audio", "--user", "cam", "--password", "cam pass", "--config-interval", "-1");
        await using var f = await FulfillmentServer.StartAsync();
        var manager = f.Server.Services.GetRequiredService<ConnectionManager>();
        var userId = await UserIdAsync(f.Server, f.Email);
        Assert.Contains(manager.Providers, p => p.Id == "rtsp");

        var added = await manager.AddAsync(userId, "rtsp", Request("Porch RTSP", gst.Url.AbsoluteUri, "cam", "cam pass", "udp"), CancellationToken.None);
        Assert.NotNull(added);

        // SYNC lists it as a CAMERA.
        var (_, sync) = await f.Client.PostAsync(FulfillmentClient.Sync());
        using var json = JsonDocument.Parse(sync);
        var device = json.RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .Single(d => d.GetProperty("name").GetProperty("name").GetString() == "Porch RTSP");
        Assert.Equal("action.devices.types.CAMERA", device.GetProperty("type").GetString());

        // EXECUTE → HLS URL → ffmpeg decodes it with video and audio.
        var (_, execute) = await f.Client.PostAsync(FulfillmentClient.Execute(device.GetProperty("id").GetString()!));
        var url = JsonDocument.Parse(execute).RootElement.GetProperty("payload").GetProperty("commands")[0]
            .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!;
        var recording = ExternalTool.TempFile(".ts");
        try
        {
            var record = await FfmpegOracle.RecordAsync(url, recording, TimeSpan.FromSeconds(4));
            Assert.True(record.Success, record.Errors());
            var decode = await FfmpegOracle.DecodeAsync(recording);
            Assert.True(decode.Success && decode.Errors().Length == 0, decode.Errors());
            var probe = await FFMpegCore.FFProbe.AnalyseAsync(recording);
            Assert.Equal("h264", probe.PrimaryVideoStream?.CodecName);
            Assert.Equal("aac", probe.PrimaryAudioStream?.CodecName);
            Assert.True(probe.Duration.TotalSeconds >= 3, $"{probe.Duration}");
        }
        finally
        {
            File.Delete(recording);
        }

        // The credential is never in a log line.
        Assert.DoesNotContain("cam pass", f.Server.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_is_refused_as_unauthorised()
    {
        await using var gst = await GstRtspServer.StartAsync("--user", "cam", "--password", "right");
        var provider = new RtspCameraProvider(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System);
        var error = await Assert.ThrowsAsync<ConnectionRejectedException>(() => provider.PrepareAsync(Request("x", gst.Url.AbsoluteUri, "cam", "wrong"), CancellationToken.None));
        Assert.Contains("unauthorised", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_port_is_refused_as_unreachable()
    {
        var provider = new RtspCameraProvider(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System);
        var url = $"rtsp://127.0.0.1:{GstRtspServer.FreePort()}/live";
        var error = await Assert.ThrowsAsync<ConnectionRejectedException>(() => provider.PrepareAsync(Request("x", url), CancellationToken.None));
        Assert.Contains("unreachable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task H265_camera_is_refused_as_not_playable_on_cast_when_transcoding_is_off()
    {
        await using var gst = await GstRtspServer.StartAsync("--codec", "h265");
        var provider = new RtspCameraProvider(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new RtspCamerasOptions { TranscodeH265 = false }));
        var error = await Assert.ThrowsAsync<ConnectionRejectedException>(() => provider.PrepareAsync(Request("x", gst.Url.AbsoluteUri), CancellationToken.None));
        Assert.Contains("not playable on Cast", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://camera/live", "rtsp://")]
    [InlineData("rtsp://user:pw@camera/live", "own fields")]
    public async Task Bad_urls_are_refused_before_any_connection(string url, string expected)
    {
        var provider = new RtspCameraProvider(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System);
        var error = await Assert.ThrowsAsync<ConnectionRejectedException>(() => provider.PrepareAsync(Request("x", url), CancellationToken.None));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_transcoding_on_an_h265_camera_is_accepted_and_its_probe_reads_the_h265_sps()
    {
        await using var gst = await GstRtspServer.StartAsync("--codec", "h265", "--audio", "--audio-codec", "pcmu", "--width", "480", "--height", "270");
        var provider = new RtspCameraProvider(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, TimeProvider.System);
        var settings = await provider.PrepareAsync(Request("x", gst.Url.AbsoluteUri), CancellationToken.None);
        Assert.Equal("H.265 → H.264 480x270 + pcm_mulaw → AAC", settings["probe"]);
    }

    [Fact]
    public async Task Probe_reports_codec_resolution_and_audio()
    {
        await using var gst = await GstRtspServer.StartAsync("--audio", "--width", "640", "--height", "360");
        var result = await Probe.RtspProbe.ProbeAsync(new RtspSourceOptions(gst.Url));
        Assert.Equal(("H.264", 640, 360, "AAC"), (result.VideoCodec, result.Width, result.Height, result.AudioCodec));
    }
}
