using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;
using SmartHomeCam.Rtsp.Cameras;
using SmartHomeCam.Rtsp.Tests;
using SmartHomeCam.Testing;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>
/// A generic RTSP camera (GStreamer's RTSP server encoding with x264) added as a connection, then EXECUTE →
/// webrtc: Chromium (posing as the gstatic display page) and aiortc watch it at the same time, through the one
/// capture session of that camera, and both decode its frames at the camera's size.
/// </summary>
public sealed class RtspCameraWebRtcTests
{
    private const string Camera = "Driveway RTSP";

    [Fact]
    public async Task Chromium_and_aiortc_decode_an_rtsp_camera_over_webrtc_at_the_same_time()
    {
        await using var gst = await GstRtspServer.StartAsync("--width", "480", "--height", "272", "--gop", "25", "--config-interval", "-1");
        await using var server = await WebRtcServer.StartAsync();
        await using (var scope = server.Server.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(server.Email);
            var fields = new Dictionary<string, string> { [RtspCameraProvider.UrlField] = gst.Url.AbsoluteUri, [RtspCameraProvider.TransportField] = "tcp" };
            await server.Server.Services.GetRequiredService<ConnectionManager>()
                .AddAsync(user!.Id, "rtsp", new ConnectionRequest(Camera, fields, null), CancellationToken.None);
        }

        await server.SyncAsync();
        var playsBefore = gst.Count("PLAY"); // adding the camera probed it
        var deviceId = server.Devices[Camera];
        var forChromium = await server.ExecuteAsync(Camera);
        var forAiortc = await server.ExecuteAsync(Camera);
        Assert.Equal("webrtc", forChromium.GetProperty("cameraStreamProtocol").GetString());

        var aiortc = ExternalTool.RunAsync("/usr/bin/python3",
            [Path.Combine(AppContext.BaseDirectory, "aiortc_viewer.py"), forAiortc.GetProperty("cameraStreamSignalingUrl").GetString()!,
             forAiortc.GetProperty("cameraStreamAuthToken").GetString()!, deviceId, "30"],
            TimeSpan.FromSeconds(120));

        var chromium = await ChromiumWebRtcTests.LaunchAsync();
        var browser = chromium.Browser;
        try
        {
            var page = await browser.NewPageAsync();
            await page.RouteAsync("https://www.gstatic.com/**", route => route.FulfillAsync(new RouteFulfillOptions { Body = ChromiumWebRtcTests.DisplayPage, ContentType = "text/html" }));
            await page.GotoAsync("https://www.gstatic.com/display.html");
            var answer = await page.EvaluateAsync<string>("([u, t, d]) => window.startViewer(u, t, d)",
                new[] { forChromium.GetProperty("cameraStreamSignalingUrl").GetString()!, forChromium.GetProperty("cameraStreamAuthToken").GetString()!, deviceId });
            Assert.Contains("a=sendonly", answer, StringComparison.Ordinal);
            await Poll.UntilAsync(async () => await page.EvaluateAsync<int>("() => window.framesDecoded()") >= 25, TimeSpan.FromSeconds(40), "25 frames of the RTSP camera decoded in Chromium");
            Assert.Equal(480, await page.EvaluateAsync<int>("() => window.viewer.video.videoWidth"));
            Assert.Equal(272, await page.EvaluateAsync<int>("() => window.viewer.video.videoHeight"));

            var (exit, stdout, stderr) = await aiortc;
            Assert.True(exit == 0, $"aiortc viewer failed ({exit}): {stdout}\n{stderr}");
            Assert.Contains("decoded 30 480x272", stdout, StringComparison.Ordinal);

            // One camera reader for both viewers: GStreamer saw a single PLAY for them.
            Assert.Equal(playsBefore + 1, gst.Count("PLAY"));
        }
        finally
        {
            await chromium.DisposeAsync();
        }
    }
}
