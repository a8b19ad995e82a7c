using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;
using SmartHomeCam.Rtsp.Cameras;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Rtsp.Tests;

/// <summary>
/// Generic RTSP cameras from GStreamer's RTSP server, end to end in the real server and real Chromium: H.264 + AAC
/// plays in hls.js and shaka with sound; H.265 + G.711 is transcoded to H.264 High@4.1 + AAC and plays too.
/// </summary>
public sealed class RtspPlaybackTests
{
    private static async Task<Uri> AddAndExecuteAsync(FulfillmentServer f, string name, Uri camera, string transport)
    {
        await using (var scope = f.Server.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(f.Email);
            var fields = new Dictionary<string, string> { [RtspCameraProvider.UrlField] = camera.AbsoluteUri, [RtspCameraProvider.TransportField] = transport };
            await f.Server.Services.GetRequiredService<ConnectionManager>().AddAsync(user!.Id, "rtsp", new ConnectionRequest(name, fields, null), CancellationToken.None);
        }

        var ids = await f.DeviceIdsAsync();
        var (_, body) = await f.Client.PostAsync(FulfillmentClient.Execute(ids[name]));
        using var json = JsonDocument.Parse(body);
        return new Uri(json.RootElement.GetProperty("payload").GetProperty("commands")[0].GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
    }

    [Fact]
    public async Task A_gstreamer_h264_aac_camera_plays_in_hls_js_and_shaka_with_sound_and_ffmpeg_decodes_it()
    {
        await using var gst = await GstRtspServer.StartAsync("--audio", "--width", "640", "--height", "360");
        await using var f = await FulfillmentServer.StartAsync();
        var url = await AddAndExecuteAsync(f, "Driveway RTSP", gst.Url, "tcp");

        var probe = await ChromiumPlayback.RecordAndDecodeAsync(url);
        Assert.Equal("h264", probe.PrimaryVideoStream?.CodecName);
        Assert.Equal("aac", probe.PrimaryAudioStream?.CodecName);
        await ChromiumPlayback.AssertBothPlayersPlayWithSoundAsync(url, TimeSpan.FromSeconds(6));
    }

    [Fact]
    public async Task An_h265_g711_camera_is_transcoded_to_h264_high_41_and_aac_that_hls_js_plays()
    {
        await using var gst = await GstRtspServer.StartAsync("--codec", "h265", "--audio", "--audio-codec", "pcmu", "--width", "640", "--height", "360");
        await using var f = await FulfillmentServer.StartAsync();
        var url = await AddAndExecuteAsync(f, "Garage H.265", gst.Url, "udp");

        var probe = await ChromiumPlayback.RecordAndDecodeAsync(url);
        Assert.Equal("h264", probe.PrimaryVideoStream?.CodecName);
        Assert.Equal("High", probe.PrimaryVideoStream?.Profile);
        Assert.Equal((640, 360), (probe.PrimaryVideoStream!.Width, probe.PrimaryVideoStream.Height));
        Assert.Equal("aac", probe.PrimaryAudioStream?.CodecName);
        Assert.True(probe.Duration.TotalSeconds >= 3, $"{probe.Duration}");

        var played = await ChromiumPlayback.PlayAsync(url, "hls", TimeSpan.FromSeconds(6));
        Assert.True(played.Errors.Length == 0 && played.Advanced >= 3.5 && played.AudioBytes > 0, played.ToString());
        Assert.Contains(played.Tracks, t => t.StartsWith("video avc1.64", StringComparison.Ordinal)); // High profile
        Assert.Contains("H.265", f.Server.Logs.AllText, StringComparison.Ordinal);
    }
}
