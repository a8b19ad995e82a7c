using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SmartHomeCam.GoogleSim;
using SmartHomeCam.Streaming.WebRtc;
using SmartHomeCam.Testing;
using SmartHomeCam.WebRtc.Receive;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// CPU and memory per WebRTC viewer: N viewers of one 1080p25 ~2 Mbit/s H.264 camera, our server against GStreamer's
/// <c>webrtcbin</c> sending the same H.264 (one pipeline: file → h264parse → rtph264pay → tee → one webrtcbin per
/// viewer). The same receive-only viewers for both (<see cref="WebRtcViewerFleet"/>, in this process). Each sender runs
/// in a process of its own; its CPU (utime + stime from /proc) is measured over a fixed window with the camera flowing
/// and no viewer, then with N viewers streaming; per viewer = (at N − at 0) / N, RSS likewise.
/// </summary>
public static class WebRtcDensityBenchmark
{
    private const int Fps = 25;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(15);

    // Long enough after the last viewer connected that the runtime has finished recompiling (tiering up) the code the
    // connections ran for the first time (signalling, DTLS, …): the window measures streaming, not warm-up. The JIT's
    // share of each window is measured and reported anyway.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(Report report, int viewers, int seconds)
    {
        var settleSeconds = Settle.TotalSeconds;
        viewers = viewers > 0 ? viewers : 50;
        var window = TimeSpan.FromSeconds(seconds > 0 ? seconds : 20);
        var input = await InputAsync();
        var address = WebRtcViewerFleet.HostAddress();
        Console.WriteLine($"{viewers} viewers, {window.TotalSeconds:0} s windows, viewers and senders on {address}");

        var ours = await MeasureOursAsync(input, address, viewers, window);
        Console.WriteLine($"ours: {ours}");
        var gst = await MeasureGstreamerAsync(input, address, viewers, window);
        Console.WriteLine($"webrtcbin: {gst}");

        report.Section($"WebRTC density: {viewers} viewers of one 1080p25 ~2 Mbit/s H.264 camera, ours vs GStreamer webrtcbin",
            $"Same input (20 s, GOP 2 s, no B-frames, looped in real time) and the same {viewers} receive-only viewers (our WebRTC receive stack: ICE, DTLS, SRTP, "
            + "H.264 reassembly; video-only recvonly offers) for both. Ours: the product server (Release) reading the file from GStreamer's RTSP server as an RTSP "
            + "camera, viewers through EXECUTE → signalling URL with the stream token, as Google does. webrtcbin: one python3-gi pipeline, file → h264parse → "
            + "rtph264pay (config-interval -1, MTU 1200) → tee → queue → webrtcbin (max-bundle) per viewer, answers after ICE gathering completed. Sender CPU = "
            + $"utime + stime of the sender process over {window.TotalSeconds:0} s, with the camera flowing and no viewer, then with every viewer streaming; "
            + "% = of one core.");
        report.Table(
            ["sender", "viewers streaming", "CPU at 0", $"CPU at {viewers}", "CPU / viewer", "RSS at 0", $"RSS at {viewers}", "RSS / viewer",
                "video packets/s per viewer (min / median)", "frames/s per viewer (min / median)", "lost packets / PLIs in the window (all viewers)", "load avg (0 / N)"],
            [ours.Row("ours (SmartHomeCam)"), gst.Row("GStreamer webrtcbin")]);
        var cpuRatio = ours.CpuPerViewer / gst.CpuPerViewer;
        var rssRatio = ours.RssPerViewerMb / gst.RssPerViewerMb;
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"\n**CPU per viewer, ours / webrtcbin: {cpuRatio:0.00}** (goal ≤ 0.5: {(cpuRatio <= 0.5 ? "met" : "missed")}); RSS per viewer ours / webrtcbin: {rssRatio:0.00}."));
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"\nOf which the .NET JIT (tiered compilation) in our server: {ours.IdleJit:0.0} % at 0 and {ours.BusyJit:0.0} % at {viewers} viewers (counted in the CPU above; {settleSeconds:0} s after the last viewer connected before the window)."));
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"\nPer video packet received (sender CPU over idle ÷ packets/s all viewers received): ours {ours.MicrosecondsPerPacket:0.0} µs, webrtcbin {gst.MicrosecondsPerPacket:0.0} µs, ratio {ours.MicrosecondsPerPacket / gst.MicrosecondsPerPacket:0.00} (a sender that cannot keep up drops packets in its queues and looks cheaper per viewer than it is)."));
        report.Line($"\nExact command: `bench/run webrtc-density {viewers} {window.TotalSeconds:0}`.");
    }

    /// <summary>1080p25, ~2 Mbit/s, a key frame every 2 s and no B-frames (WebRTC senders do not reorder), made once.</summary>
    private static async Task<string> InputAsync()
    {
        var path = RepositoryPaths.Inside("bench", "results", "cache", "1080p25-2M-20s.h264");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Console.WriteLine("generating a 20 s 1080p25 ~2 Mbit/s H.264 input with ffmpeg (once)…");
            var bytes = await ExternalTool.MakeH264Async(1920, 1080, Fps, 20, 2 * Fps, "-preset veryfast -profile:v high -b:v 2M -maxrate 2M -bufsize 2M");
            await File.WriteAllBytesAsync(path, bytes);
        }

        return path;
    }

    private static async Task<SenderFigures> MeasureOursAsync(string input, IPAddress address, int viewers, TimeSpan window)
    {
        var rtspPort = FreePort();
        await using var camera = await Child.StartAsync("/usr/bin/python3",
            [Script("gst-rtsp-file-camera.py"), "--input", input, "--port", rtspPort.ToString(CultureInfo.InvariantCulture), "--fps", Fps.ToString(CultureInfo.InvariantCulture)],
            line => line == "READY" ? line : null);

        var self = Environment.ProcessPath!;
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            args.Add(typeof(WebRtcDensityBenchmark).Assembly.Location);
        }

        args.AddRange(["webrtc-density-server", $"rtsp://127.0.0.1:{rtspPort}/camera", address.ToString(), (2 * viewers).ToString(CultureInfo.InvariantCulture)]);
        // The server's own GC mode (concurrent workstation GC), not this benchmark project's.
        await using var server = await Child.StartAsync(self, args, line => line.StartsWith("READY ", StringComparison.Ordinal) ? line : null,
            new Dictionary<string, string> { ["DOTNET_gcConcurrent"] = "1" });
        var ready = server.Ready.Split(' ');
        var baseUrl = new Uri(ready[1]);
        var device = ready[3];
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        using var google = new IntentClient(http, ready[2]);

        async Task<string> SignalAsync(string offer, CancellationToken cancellationToken)
        {
            // EXECUTE as a display asks (webrtc first), then the offer to the signalling URL with the stream token.
            var (status, body) = await google.PostAsync(IntentRequests.Execute("req-" + Guid.NewGuid().ToString("N"), device, ["webrtc", "hls"]));
            var states = JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0].GetProperty("states");
            if (status != 200 || states.GetProperty("cameraStreamProtocol").GetString() != "webrtc")
            {
                throw new InvalidOperationException($"EXECUTE did not answer webrtc: {status} {body}");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(states.GetProperty("cameraStreamSignalingUrl").GetString()!))
            {
                Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["action"] = "offer", ["deviceId"] = device, ["sdp"] = offer }), Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + states.GetProperty("cameraStreamAuthToken").GetString());
            request.Headers.TryAddWithoutValidation("Origin", WebRtcSignalingEndpoint.GoogleDisplayOrigin);
            using var response = await http.SendAsync(request, cancellationToken);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode
                ? JsonDocument.Parse(answer).RootElement.GetProperty("sdp").GetString()!
                : throw new InvalidOperationException($"signalling answered {(int)response.StatusCode}: {answer}");
        }

        return await MeasureAsync(server.Process.Id, address, viewers, window, SignalAsync);
    }

    private static async Task<SenderFigures> MeasureGstreamerAsync(string input, IPAddress address, int viewers, TimeSpan window)
    {
        await using var sender = await Child.StartAsync("/usr/bin/python3",
            [Script("gst-webrtc-sender.py"), "--input", input, "--fps", Fps.ToString(CultureInfo.InvariantCulture),
             "--payload-type", ReceiveOffer.H264Profiles[0].PayloadType.ToString(CultureInfo.InvariantCulture)],
            line => line.StartsWith("READY ", StringComparison.Ordinal) ? line : null);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var url = new Uri($"http://127.0.0.1:{sender.Ready.Split(' ')[1]}/offer");

        async Task<string> SignalAsync(string offer, CancellationToken cancellationToken)
        {
            using var response = await http.PostAsync(url, new StringContent(offer, Encoding.UTF8, "application/sdp"), cancellationToken);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode ? answer : throw new InvalidOperationException($"webrtcbin answered {(int)response.StatusCode}: {answer}");
        }

        return await MeasureAsync(sender.Process.Id, address, viewers, window, SignalAsync);
    }

    private static async Task<SenderFigures> MeasureAsync(int pid, IPAddress address, int viewers, TimeSpan window, Func<string, CancellationToken, Task<string>> signal)
    {
        await Task.Delay(Warmup);
        var load0 = LoadAverage();
        var cpu = ProcStats.CpuMs(pid);
        var idleJitMs = await JitCpuMsOverAsync(pid, window);
        var idleCpuMs = ProcStats.CpuMs(pid) - cpu;
        var idleRssKb = ProcStats.RssKb(pid);

        await using var fleet = new WebRtcViewerFleet(address);
        var connecting = Stopwatch.StartNew();
        await fleet.AddAsync(viewers, signal);
        Console.WriteLine($"  {fleet.Count} viewers connected in {connecting.Elapsed.TotalSeconds:0.0} s ({fleet.Failed} failed, {fleet.Retries} attempts retried{(fleet.LastError is null ? "" : ": " + fleet.LastError)})");
        var flowing = Stopwatch.StartNew();
        while (fleet.Snapshot().Any(v => v.Frames == 0) && flowing.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(250); // every viewer has its first access unit (webrtcbin: the next key frame, ≤ 2 s)
        }

        await Task.Delay(Settle);
        var before = fleet.Snapshot();
        var loadN = LoadAverage();
        cpu = ProcStats.CpuMs(pid);
        var started = Stopwatch.GetTimestamp();
        var busyJitMs = await JitCpuMsOverAsync(pid, window);
        var busyCpuMs = ProcStats.CpuMs(pid) - cpu;
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var after = fleet.Snapshot();
        var busyRssKb = ProcStats.RssKb(pid);

        var packetRates = before.Zip(after, (b, a) => (a.Packets - b.Packets) / elapsed).Order().ToList();
        var frameRates = before.Zip(after, (b, a) => (a.Frames - b.Frames) / elapsed).Order().ToList();
        var streaming = frameRates.Count(f => f >= Fps * 0.9);
        return new SenderFigures(viewers, streaming, fleet.Count, idleCpuMs / window.TotalMilliseconds * 100, busyCpuMs / (elapsed * 1000) * 100,
            idleRssKb, busyRssKb, packetRates, frameRates, before.Zip(after, (b, a) => a.Lost - b.Lost).Sum(), before.Zip(after, (b, a) => a.Plis - b.Plis).Sum(), fleet.Retries, load0, loadN)
        {
            IdleJit = idleJitMs / window.TotalMilliseconds * 100,
            BusyJit = busyJitMs / (elapsed * 1000) * 100,
        };
    }

    /// <summary>
    /// CPU the .NET runtime's tiered-compilation thread used during <paramref name="window"/> (0 for other processes). The
    /// thread ends when idle and a new one starts when needed, so each one's time is followed by polling its /proc entry.
    /// </summary>
    private static async Task<double> JitCpuMsOverAsync(int pid, TimeSpan window)
    {
        var first = new Dictionary<string, double>();
        var last = new Dictionary<string, double>();
        var end = Stopwatch.GetTimestamp() + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var initial = true;
        while (true)
        {
            foreach (var (thread, ms) in JitThreads(pid))
            {
                first.TryAdd(thread, initial ? ms : 0); // a thread that started during the window counts from zero
                last[thread] = ms;
            }

            initial = false;
            var left = end - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Min(0.2, (double)left / Stopwatch.Frequency)));
        }

        return last.Sum(t => t.Value - first[t.Key]);
    }

    private static List<(string Thread, double CpuMs)> JitThreads(int pid)
    {
        var found = new List<(string, double)>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                // The name is cut to 15 characters.
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd() == ".NET Tiered Com")
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    found.Add((Path.GetFileName(task), (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0)); // USER_HZ 100
                }
            }
            catch (IOException)
            {
                // the thread ended
            }
        }

        return found;
    }

    private static string Script(string name) => RepositoryPaths.Inside("bench", name);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>What one sender cost: CPU in % of one core, RSS in kB, and what each viewer received per second.</summary>
    private sealed record SenderFigures(
        int Viewers, int Streaming, int Connected, double IdleCpu, double BusyCpu, long IdleRssKb, long BusyRssKb,
        List<double> PacketRates, List<double> FrameRates, long Lost, long Plis, int Retries, string Load0, string LoadN)
    {
        public double CpuPerViewer => (BusyCpu - IdleCpu) / Viewers;

        /// <summary>The runtime's JIT (tiered compilation) in each window, % of one core, included in the CPU figures.</summary>
        public double IdleJit { get; init; }

        public double BusyJit { get; init; }

        /// <summary>Sender CPU over idle per video packet the viewers received: fair when a sender cannot keep up and drops.</summary>
        public double MicrosecondsPerPacket => PacketRates.Sum() > 0 ? (BusyCpu - IdleCpu) / 100 * 1e6 / PacketRates.Sum() : double.NaN;

        public double RssPerViewerMb => (BusyRssKb - IdleRssKb) / 1024.0 / Viewers;

        public string[] Row(string name) =>
        [
            name, $"{Streaming} of {Viewers} ({Connected} connected, {Retries} retries)", $"{IdleCpu:0.0} %", $"{BusyCpu:0.0} %", $"**{CpuPerViewer:0.00} %**",
            $"{IdleRssKb / 1024.0:0} MB", $"{BusyRssKb / 1024.0:0} MB", $"{RssPerViewerMb:0.00} MB",
            $"{Min(PacketRates):0} / {Median(PacketRates):0}", $"{Min(FrameRates):0.0} / {Median(FrameRates):0.0}", $"{Lost} / {Plis}", $"{Load0} / {LoadN}",
        ];

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"CPU {IdleCpu:0.0} % → {BusyCpu:0.0} % (JIT {IdleJit:0.0} % → {BusyJit:0.0} %), {CpuPerViewer:0.00} %/viewer; RSS {IdleRssKb} → {BusyRssKb} kB; "
                + $"{Streaming}/{Viewers} streaming, packets/s min {Min(PacketRates):0} median {Median(PacketRates):0}, lost {Lost}, PLIs {Plis}");

        private static double Min(List<double> sorted) => sorted.Count > 0 ? sorted[0] : 0;

        private static double Median(List<double> sorted) => sorted.Count > 0 ? sorted[sorted.Count / 2] : 0;
    }

    /// <summary>A child process that prints one ready line first; ended by closing its stdin, then killed if it lingers.</summary>
    private sealed class Child : IAsyncDisposable
    {
        private Child(Process process, string ready)
        {
            Process = process;
            Ready = ready;
        }

        public Process Process { get; }

        public string Ready { get; }

        public static async Task<Child> StartAsync(string file, IEnumerable<string> args, Func<string, string?> isReady, IReadOnlyDictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[key] = value;
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
            var stderr = new StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (stderr)
                    {
                        stderr.AppendLine(e.Data);
                    }

                    Console.Error.WriteLine($"  [{Path.GetFileName(args.FirstOrDefault() ?? file)}] {e.Data}");
                }
            };
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            try
            {
                while (true)
                {
                    var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                        ?? throw new InvalidOperationException($"{file} ended before it was ready: {stderr}");
                    if (isReady(line) is { } ready)
                    {
                        var child = new Child(process, ready);
                        _ = DrainAsync(process.StandardOutput);
                        return child;
                    }

                    Console.WriteLine($"  {line}");
                }
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                Process.StandardInput.Close();
            }
            catch (IOException)
            {
                // already gone
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await Process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Process.Kill(entireProcessTree: true);
                await Process.WaitForExitAsync();
            }

            Process.Dispose();
        }

        private static async Task DrainAsync(StreamReader output)
        {
            while (await output.ReadLineAsync() is { } line)
            {
                Console.WriteLine($"  {line}");
            }
        }
    }
}
