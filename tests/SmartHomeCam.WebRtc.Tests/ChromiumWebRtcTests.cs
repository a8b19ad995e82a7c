using System.Text.Json;
using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>
/// The display stand-in nobody here wrote: Chromium, on a page served as https://www.gstatic.com (Playwright
/// routing), makes a recvonly offer, posts it with the token from a real EXECUTE (CORS preflight included),
/// applies the answer and decodes the demo camera's H.264 in a video element.
/// </summary>
public class ChromiumWebRtcTests
{
    internal const string DisplayPage = """
        <!doctype html><html><body><script>
        window.startViewer = async (url, token, deviceId) => {
          const pc = new RTCPeerConnection();
          pc.addTransceiver('audio', { direction: 'recvonly' });
          pc.addTransceiver('video', { direction: 'recvonly' });
          const video = document.createElement('video');
          video.muted = true; video.autoplay = true; video.playsInline = true;
          document.body.appendChild(video);
          pc.ontrack = e => { if (e.track.kind === 'video') { video.srcObject = new MediaStream([e.track]); video.play().catch(() => {}); } };
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(resolve => {
            if (pc.iceGatheringState === 'complete') return resolve();
            pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
            setTimeout(resolve, 5000);
          });
          const started = performance.now();
          const response = await fetch(url, {
            method: 'POST', mode: 'cors', credentials: 'include',
            headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' },
            body: JSON.stringify({ action: 'offer', deviceId, sdp: pc.localDescription.sdp }) });
          const body = await response.json();
          if (!response.ok) throw new Error('signaling ' + response.status + ' ' + JSON.stringify(body));
          await pc.setRemoteDescription({ type: 'answer', sdp: body.sdp });
          window.viewer = { pc, video, started, firstFrameAt: null };
          video.requestVideoFrameCallback(() => { window.viewer.firstFrameAt = performance.now(); });
          return body.sdp;
        };
        window.framesDecoded = async () => {
          const stats = await window.viewer.pc.getStats();
          let frames = 0;
          stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded || 0; });
          return frames;
        };
        </script></body></html>
        """;

    [Fact]
    public async Task Chromium_plays_the_demo_camera_over_webrtc_from_a_real_execute_and_end_closes_the_peer()
    {
        await using var server = await WebRtcServer.StartAsync();
        var states = await server.ExecuteAsync("Demo camera");
        Assert.Equal("webrtc", states.GetProperty("cameraStreamProtocol").GetString());
        Assert.False(states.TryGetProperty("cameraStreamAccessUrl", out _));
        var signalingUrl = states.GetProperty("cameraStreamSignalingUrl").GetString()!;
        var token = states.GetProperty("cameraStreamAuthToken").GetString()!;
        var deviceId = server.Devices["Demo camera"];

        var chromium = await LaunchAsync();
        var browser = chromium.Browser;
        try
        {
            var page = await browser.NewPageAsync();
            await page.RouteAsync("https://www.gstatic.com/**", route => route.FulfillAsync(new RouteFulfillOptions { Body = DisplayPage, ContentType = "text/html" }));
            await page.GotoAsync("https://www.gstatic.com/display.html");
            var answer = await page.EvaluateAsync<string>("([u, t, d]) => window.startViewer(u, t, d)", new[] { signalingUrl, token, deviceId });
            Assert.Contains("a=sendonly", answer, StringComparison.Ordinal);

            page.Console += (_, m) => Console.WriteLine("page: " + m.Text);
            try
            {
                await Poll.UntilAsync(async () => await page.EvaluateAsync<int>("() => window.framesDecoded()") >= 25, TimeSpan.FromSeconds(30), "25 frames decoded in Chromium");
            }
            catch (TimeoutException)
            {
                Console.WriteLine(await page.EvaluateAsync<string>("async () => { const r = []; (await window.viewer.pc.getStats()).forEach(s => r.push(JSON.stringify(s))); return window.viewer.pc.connectionState + ' ' + window.viewer.pc.iceConnectionState + '\n' + r.join('\n'); }"));
                Console.WriteLine(string.Join('\n', server.Server.Logs.Lines.Where(l => l.Contains("WebRtc", StringComparison.OrdinalIgnoreCase) || l.Contains("peer", StringComparison.OrdinalIgnoreCase))));
                throw;
            }

            await Poll.UntilAsync(async () => await page.EvaluateAsync<double>("() => window.viewer.video.currentTime") > 0.5, TimeSpan.FromSeconds(20), "the video element's clock advancing");
            Assert.Equal(640, await page.EvaluateAsync<int>("() => window.viewer.video.videoWidth"));
            Assert.Single(server.Host.PeersOf(deviceId));

            var (status, body, response) = await server.SignalAsync(token, WebRtcServer.Body("end", deviceId));
            Assert.Equal((200, "{}"), (status, body));
            Assert.Equal("https://www.gstatic.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            await Poll.UntilAsync(() => server.Host.PeerCount == 0 && server.Host.RegisteredMuxPeers == 0, TimeSpan.FromSeconds(10), "the peer closed and its port state freed");
        }
        finally
        {
            await chromium.DisposeAsync();
        }
    }

    [Fact]
    public async Task Disconnect_closes_a_streaming_peer()
    {
        await using var server = await WebRtcServer.StartAsync();
        var states = await server.ExecuteAsync("Demo camera");
        var deviceId = server.Devices["Demo camera"];
        var chromium = await LaunchAsync();
        var browser = chromium.Browser;
        try
        {
            var page = await browser.NewPageAsync();
            await page.RouteAsync("https://www.gstatic.com/**", route => route.FulfillAsync(new RouteFulfillOptions { Body = DisplayPage, ContentType = "text/html" }));
            await page.GotoAsync("https://www.gstatic.com/display.html");
            await page.EvaluateAsync<string>("([u, t, d]) => window.startViewer(u, t, d)",
                new[] { states.GetProperty("cameraStreamSignalingUrl").GetString()!, states.GetProperty("cameraStreamAuthToken").GetString()!, deviceId });
            await Poll.UntilAsync(async () => await page.EvaluateAsync<int>("() => window.framesDecoded()") >= 5, TimeSpan.FromSeconds(30), "frames decoded");

            var (status, _) = await server.Google.PostAsync(FulfillmentClient.Disconnect());
            Assert.Equal(200, status);
            await Poll.UntilAsync(() => server.Host.PeerCount == 0, TimeSpan.FromSeconds(15), "the peer closed after DISCONNECT");
            Assert.Contains("expired or was revoked", server.Server.Logs.AllText, StringComparison.Ordinal);
        }
        finally
        {
            await chromium.DisposeAsync();
        }
    }

    internal static Task<HeadlessChromium> LaunchAsync() => HeadlessChromium.LaunchAsync(HeadlessChromium.PublicOriginMayCallLoopback);
}
