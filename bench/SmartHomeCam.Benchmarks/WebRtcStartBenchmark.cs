using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.WebRtc;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// WebRTC to a display stand-in (Chromium, page served as https://www.gstatic.com): offer posted → first frame
/// presented (requestVideoFrameCallback) on a warm camera and on a cold one (its capture session idled out), next
/// to the HLS path in the same run (EXECUTE → playlists → first segment downloaded: a lower bound of any HLS
/// player's start); and how far behind live the picture is on loopback (per frame shown, from requestVideoFrameCallback metadata).
/// </summary>
public static class WebRtcStartBenchmark
{
    private const int Runs = 10;
    private const int ColdRuns = 4;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    private const string Page = """
        <!doctype html><html><body><script>
        window.start = async (url, token, deviceId, keep) => {
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
          window.pc = pc; window.video = video;
          if (!keep) await window.end(url, token, deviceId);
          return shown - posted;
        };
        window.end = async (url, token, deviceId) => {
          await fetch(url, { method: 'POST', headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' },
            body: JSON.stringify({ action: 'end', deviceId }) });
          window.pc.close();
        };
        // Per frame shown (requestVideoFrameCallback metadata): its RTP timestamp, when it reaches the screen as Unix
        // milliseconds (timeOrigin + expectedDisplayTime: the host's wall clock, which the service shares), and
        // receive → screen. Neither getStats' estimatedPlayoutTimestamp nor the metadata's captureTime is filled for
        // this stream (Chromium needs the round-trip time, which a receive-only stream learns only via RTCP XR).
        window.sampleFrames = (count) => new Promise(resolve => {
          const out = [];
          const step = (now, m) => {
            out.push([m.rtpTimestamp !== undefined ? m.rtpTimestamp : -1, performance.timeOrigin + m.expectedDisplayTime,
                      m.receiveTime !== undefined ? m.expectedDisplayTime - m.receiveTime : -1]);
            if (out.length >= count) resolve(out); else window.video.requestVideoFrameCallback(step);
          };
          window.video.requestVideoFrameCallback(step);
          setTimeout(() => resolve(out), 20000);
        });
        window.jitterBufferMs = async () => {
          let ms = -1;
          (await window.pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video' && s.jitterBufferEmittedCount) ms = 1000 * s.jitterBufferDelay / s.jitterBufferEmittedCount; });
          return ms;
        };
        </script></body></html>
        """;

    public static async Task RunAsync(Report report)
    {
        await using var server = await ServerInstance.StartAsync(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning", ["WebRtc:Enabled"] = "true", ["WebRtc:Port"] = "0", ["WebRtc:TcpPort"] = "0",
                ["Streaming:IdleTimeout"] = IdleTimeout.ToString("c", CultureInfo.InvariantCulture),
            },
            minimumLevel: LogLevel.Warning);
        var email = await TestAccounts.CreateAsync(server);
        using var client = await FulfillmentClient.LinkAsync(server, email);
        using var http = server.CreateClient();
        var (_, sync) = await client.PostAsync(FulfillmentClient.Sync());
        var device = JsonDocument.Parse(sync).RootElement.GetProperty("payload").GetProperty("devices")[0].GetProperty("id").GetString()!;
        var sessions = server.Services.GetRequiredService<CaptureSessionRegistry>();

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

        async Task WaitColdAsync()
        {
            var deadline = Stopwatch.StartNew();
            while (sessions.All.Count > 0 && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200);
            }
        }

        await using var chromium = await HeadlessChromium.LaunchAsync(HeadlessChromium.PublicOriginMayCallLoopback);
        var page = await chromium.NewPageAsync();
        await page.RouteAsync("https://www.gstatic.com/**", route => route.FulfillAsync(new RouteFulfillOptions { Body = Page, ContentType = "text/html" }));
        await page.GotoAsync("https://www.gstatic.com/bench.html");

        async Task<double> WebRtcOnceAsync(bool keep = false)
        {
            var states = await ExecuteAsync("[\"webrtc\",\"hls\"]");
            return await page.EvaluateAsync<double>("([u, t, d, k]) => window.start(u, t, d, k === 'keep')",
                new[] { states.GetProperty("cameraStreamSignalingUrl").GetString()!, states.GetProperty("cameraStreamAuthToken").GetString()!, device, keep ? "keep" : "" });
        }

        // Warm: an HLS viewer keeps the camera's session alive between WebRTC viewers.
        await HlsOnceAsync();
        var webrtc = new List<double>();
        var hls = new List<double>();
        for (var i = 0; i <= Runs; i++)
        {
            var ms = await WebRtcOnceAsync();
            var hlsMs = await HlsOnceAsync();
            if (i > 0)
            {
                webrtc.Add(ms); // run 0 warms the JIT and Chromium's codec
                hls.Add(hlsMs);
            }
        }

        // Behind live: one viewer; after 3 s (the start-up GOP replay played out) every frame shown for the next
        // 150 frames, each matched by RTP timestamp to the moment the camera source handed it to the capture session.
        var behind = new List<double>();
        var receiveToDisplay = new List<double>();
        var jitterBuffer = -1.0;
        {
            var states = await ExecuteAsync("[\"webrtc\",\"hls\"]");
            var args = new[] { states.GetProperty("cameraStreamSignalingUrl").GetString()!, states.GetProperty("cameraStreamAuthToken").GetString()!, device, "keep" };
            var sourced = new SourceClock();
            using var observing = sessions.All.First(s => s.DeviceId == device).Observe(sourced);
            await page.EvaluateAsync<double>("([u, t, d, k]) => window.start(u, t, d, k === 'keep')", args);
            var offset = server.Services.GetRequiredService<WebRtcHost>().PeersOf(device).Single().RtpTimestampOffset;
            await Task.Delay(TimeSpan.FromSeconds(3));
            foreach (var sample in await page.EvaluateAsync<double[][]>("() => window.sampleFrames(150)"))
            {
                if (sample[0] >= 0 && sourced.TryGetUnixMs(unchecked((uint)((uint)sample[0] - (uint)offset)), out var leftSource))
                {
                    behind.Add(sample[1] - leftSource);
                }

                if (sample[2] >= 0)
                {
                    receiveToDisplay.Add(sample[2]);
                }
            }

            jitterBuffer = await page.EvaluateAsync<double>("() => window.jitterBufferMs()");
            await page.EvaluateAsync("([u, t, d]) => window.end(u, t, d)", args);
        }

        // Cold: the camera's session idled out; the offer starts the camera (demo clip: 1 s key-frame interval).
        var cold = new List<double>();
        var coldHls = new List<double>();
        for (var i = 0; i < ColdRuns; i++)
        {
            await WaitColdAsync();
            cold.Add(await WebRtcOnceAsync());
            await WaitColdAsync();
            coldHls.Add(await HlsOnceAsync());
        }

        report.Section("WebRTC start: offer posted → first frame shown in Chromium",
            "Sequential, loopback, demo camera (640x360, 1 s GOP). Baseline in the same run: HLS EXECUTE → playlists → first segment downloaded (before any player buffering). "
            + "Cold = the camera's capture session had idled out (Streaming:IdleTimeout 2 s) before the offer.");
        string Row(string name, List<double> values, List<double> baseline, string target) =>
            string.Join('\u0001', name, values.Count.ToString(CultureInfo.InvariantCulture), $"{P(values, 50):0} ms", $"{P(values, 95):0} ms", $"{P(values, 50) / P(baseline, 50):0.00}", target);
        report.Table(["case", "runs", "p50", "p95", "ratio p50 vs baseline", "target"],
            new[]
            {
                Row("webrtc first frame, warm camera", webrtc, hls, "≤ 300 ms"),
                Row("hls first segment, warm (baseline)", hls, hls, ""),
                Row("webrtc first frame, cold camera", cold, coldHls, "≤ GOP + 300 ms = 1300 ms"),
                Row("hls first segment, cold (baseline)", coldHls, coldHls, ""),
            }.Select(r => r.Split('\u0001')).ToList());

        report.Section("WebRTC behind live on loopback",
            "Per frame shown in Chromium: when it reaches the screen (requestVideoFrameCallback expectedDisplayTime, as wall-clock time) − when the camera "
            + "source handed that frame (matched by RTP timestamp) to the capture session; browser and service share the host clock. Covers capture loop → "
            + "packetizer → peer send loop → SRTP → loopback → jitter buffer → decode → screen; not a real camera's own capture and encode (the demo camera "
            + "has none). Also shown: the receive → screen part and getStats' mean jitter-buffer delay.");
        string Cell(List<double> values, int p) => values.Count > 0 ? $"{P(values, p):0} ms" : "n/a";
        report.Table(["measure", "frames", "p50", "p95", "target"],
        [
            ["camera source → on screen (behind live)", behind.Count.ToString(CultureInfo.InvariantCulture), Cell(behind, 50), Cell(behind, 95), "≤ 300 ms"],
            ["last packet received → on screen", receiveToDisplay.Count.ToString(CultureInfo.InvariantCulture), Cell(receiveToDisplay, 50), Cell(receiveToDisplay, 95), ""],
            ["jitter buffer (getStats mean)", "", jitterBuffer >= 0 ? $"{jitterBuffer:0} ms" : "n/a", "", ""],
        ]);
    }

    private static double P(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
