using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// WebRTC start on a warm camera: Chromium (the display stand-in, page served as https://www.gstatic.com) posts
/// its offer → first frame presented (requestVideoFrameCallback), next to the HLS path for the same warm camera
/// in the same run (EXECUTE → playlists → first segment downloaded: a lower bound of any HLS player's start).
/// </summary>
public static class WebRtcStartBenchmark
{
    private const int Runs = 10;

    private const string Page = """
        <!doctype html><html><body><script>
        window.start = async (url, token, deviceId) => {
          const pc = new RTCPeerConnection();
          pc.addTransceiver('video', { direction: 'recvonly' });
          const video = document.createElement('video');
          video.muted = true; video.autoplay = true; document.body.appendChild(video);
          const first = new Promise(resolve => { pc.ontrack = e => { video.srcObject = new MediaStream([e.track]); video.requestVideoFrameCallback(() => resolve(performance.now())); }; });
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(r => { if (pc.iceGatheringState === 'complete') r(); pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); setTimeout(r, 5000); });
          const posted = performance.now();
          const response = await fetch(url, { method: 'POST', headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' },
            body: JSON.stringify({ action: 'offer', deviceId, sdp: pc.localDescription.sdp }) });
          const body = await response.json();
          await pc.setRemoteDescription({ type: 'answer', sdp: body.sdp });
          const shown = await first;
          pc.close();
          return shown - posted;
        };
        </script></body></html>
        """;

    public static async Task RunAsync(Report report)
    {
        await using var server = await ServerInstance.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["WebRtc:Enabled"] = "true", ["WebRtc:Port"] = "0" },
            minimumLevel: LogLevel.Warning);
        var email = await TestAccounts.CreateAsync(server);
        using var client = await FulfillmentClient.LinkAsync(server, email);
        using var http = server.CreateClient();
        var (_, sync) = await client.PostAsync(FulfillmentClient.Sync());
        var device = JsonDocument.Parse(sync).RootElement.GetProperty("payload").GetProperty("devices")[0].GetProperty("id").GetString()!;

        async Task<JsonElement> ExecuteAsync(string protocols)
        {
            var (_, body) = await client.PostAsync(FulfillmentClient.Execute(device, protocols));
            return JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0].GetProperty("states").Clone();
        }

        async Task<double> HlsOnceAsync()
        {
            var started = Stopwatch.GetTimestamp();
            var url = new Uri(server.BaseAddress, (await ExecuteAsync("[\"hls\"]")).GetProperty("cameraStreamAccessUrl").GetString()!);
            await http.GetStringAsync(url);
            var media = await http.GetStringAsync(new Uri(url, "live.m3u8"));
            await http.GetByteArrayAsync(new Uri(url, media.Split('\n').First(l => l.EndsWith(".ts", StringComparison.Ordinal))));
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        await HlsOnceAsync(); // the camera is warm from here on
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required",
                "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests"],
        });
        var page = await browser.NewPageAsync();
        await page.RouteAsync("https://www.gstatic.com/**", route => route.FulfillAsync(new RouteFulfillOptions { Body = Page, ContentType = "text/html" }));
        await page.GotoAsync("https://www.gstatic.com/bench.html");

        var webrtc = new List<double>();
        var hls = new List<double>();
        for (var i = 0; i <= Runs; i++)
        {
            var states = await ExecuteAsync("[\"webrtc\",\"hls\"]");
            var ms = await page.EvaluateAsync<double>("([u, t, d]) => window.start(u, t, d)",
                new[] { states.GetProperty("cameraStreamSignalingUrl").GetString()!, states.GetProperty("cameraStreamAuthToken").GetString()!, device });
            var hlsMs = await HlsOnceAsync();
            if (i > 0)
            {
                webrtc.Add(ms); // run 0 warms the JIT and Chromium's codec
                hls.Add(hlsMs);
            }
        }

        report.Section("WebRTC start: offer posted → first frame shown in Chromium (warm camera)",
            "Sequential, loopback, demo camera (640x360, 1 s GOP). Baseline in the same run: HLS EXECUTE → playlists → first segment downloaded (before any player buffering).");
        report.Table(["case", "runs", "p50", "p95", "ratio p50 vs baseline", "target"],
        [
            ["webrtc first frame", Runs.ToString(CultureInfo.InvariantCulture), $"{P(webrtc, 50):0} ms", $"{P(webrtc, 95):0} ms", $"{P(webrtc, 50) / P(hls, 50):0.00}", "≤ 300 ms"],
            ["hls first segment (baseline)", Runs.ToString(CultureInfo.InvariantCulture), $"{P(hls, 50):0} ms", $"{P(hls, 95):0} ms", "1.00", ""],
        ]);
    }

    private static double P(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
