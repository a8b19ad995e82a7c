using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FFMpegCore;
using SmartHomeCam.Media.Hls;
using SmartHomeCam.Rtsp;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// RTSP in → HLS out, N streams of 1080p ~2 Mbit/s H.264 from GStreamer's RTSP server (one shared encoder, so
/// the source costs the same for both sides): N of our RTSP sources feeding segmenters in one worker process,
/// against N <c>ffmpeg -rtsp_transport tcp -i … -c copy -f hls</c> processes. The machine is shared, so the two
/// sides run alternately (ours, ffmpeg, ours, ffmpeg, …) over the same steady window, each with a fresh
/// GStreamer server, and the median of each side is compared; the load average before and after every leg is
/// printed. Ours is the growth over an idle worker; an extra leg at N/2 streams gives the marginal RSS per stream.
/// Run it under <c>flock</c> with any other benchmark on the machine.
/// </summary>
public static class RtspBenchmark
{
    /// <summary>
    /// Longer than the HLS retention takes to fill (13 two-second segments with the product's 6-segment playlist,
    /// RFC 8216 §6.2.2): until then the segment pool is still growing, and the fresh pages it faults in are a
    /// start-up cost, not the steady state being compared.
    /// </summary>
    private const int WarmupSeconds = 30;

    /// <summary>
    /// Clients start this far apart on both sides: GStreamer's shared media aborts (an assertion in
    /// gst_rtsp_media_get_rates) when twenty clients set it up in the same instant.
    /// </summary>
    private static readonly TimeSpan Stagger = TimeSpan.FromMilliseconds(150);

    public static async Task RunAsync(Report report, int seconds, int streams)
    {
        seconds = seconds > WarmupSeconds ? seconds : WarmupSeconds + 25;
        streams = streams > 0 ? streams : 20;
        var repeats = int.TryParse(Environment.GetEnvironmentVariable("SHC_RTSP_BENCH_REPEATS"), out var r) && r > 0 ? r : 2;
        var measured = seconds - WarmupSeconds;
        var legs = new List<Leg>();

        async Task<Leg> RunLeg(string side, int n, Func<string, Task<Run>> run)
        {
            var before = LoadAverage();
            var result = await WithGstreamerAsync(run);
            var leg = new Leg(side, n, before, LoadAverage(), result);
            legs.Add(leg);
            Console.Error.WriteLine($"leg {side} x{n}: load {leg.LoadBefore} → {leg.LoadAfter}, {result.CpuMs:0} ms CPU, {result.RssKb} kB RSS, {result.Frames} frames");
            return leg;
        }

        var idle = await RunLeg("idle", 0, url => RunWorkerAsync(0, seconds, url));
        var ours = new List<Leg>();
        var variant = new List<Leg>();
        var ffmpeg = new List<Leg>();
        for (var i = 0; i < repeats; i++)
        {
            ours.Add(await RunLeg("ours", streams, url => RunWorkerAsync(streams, seconds, url)));
            if (VariantLabel is { } label)
            {
                variant.Add(await RunLeg(label, streams, url => RunWorkerAsync(streams, seconds, url, VariantEnvironment)));
            }

            ffmpeg.Add(await RunLeg("ffmpeg", streams, url => RunFfmpegAsync(streams, seconds, url)));
        }

        var half = streams / 2;
        var oursHalf = half > 0 && VariantLabel is null ? await RunLeg("ours", half, url => RunWorkerAsync(half, seconds, url)) : null;

        double CpuPercent(double cpuMs, int n) => cpuMs / (measured * 1000.0) * 100 / n;
        var ourCpu = Median(ours.Select(l => CpuPercent(l.Run.CpuMs - idle.Run.CpuMs, streams)));
        var ourRawCpu = Median(ours.Select(l => CpuPercent(l.Run.CpuMs, streams)));
        var ffCpu = Median(ffmpeg.Select(l => CpuPercent(l.Run.CpuMs, streams)));
        var variantCpu = Median(variant.Select(l => CpuPercent(l.Run.CpuMs - idle.Run.CpuMs, streams)));
        var ourRss = Median(ours.Select(l => (l.Run.RssKb - idle.Run.RssKb) / 1024.0 / streams));
        var ffRss = Median(ffmpeg.Select(l => l.Run.RssKb / 1024.0 / streams));
        var slope = oursHalf is null ? double.NaN : (Median(ours.Select(l => (double)l.Run.RssKb)) - oursHalf.Run.RssKb) / 1024.0 / (streams - half);

        report.Section($"RTSP in → HLS out: {streams} streams of 1080p25 ~2 Mbit/s from GStreamer's RTSP server",
            $"{seconds} s per leg, CPU over the last {measured} s; legs alternate ours / ffmpeg {repeats}×, medians compared; ffmpeg = one " +
            "`ffmpeg -rtsp_transport tcp -i … -c copy -f hls` process per stream; ours = RtspCameraSource (TCP) → HlsSegmenter in one worker. " +
            $"Warm-up {WarmupSeconds} s (the segment retention fills first). Worker settings: {GcSettings()}.");
        report.Table(
            ["leg", "streams", "load before → after", "CPU / stream", "RSS", "frames in window"],
            legs.Select(l => new[]
            {
                l.Side, l.Streams.ToString(CultureInfo.InvariantCulture), $"{l.LoadBefore} → {l.LoadAfter}",
                l.Streams > 0 ? $"{CpuPercent(l.Run.CpuMs, l.Streams):0.000} % raw" : $"{l.Run.CpuMs / (measured * 10.0):0.00} % total",
                $"{l.Run.RssKb / 1024.0:0.0} MB", l.Run.Frames.ToString(CultureInfo.InvariantCulture),
            }));
        report.Line("");
        report.Table(
            ["our CPU / stream (over idle, median)", "ffmpeg CPU / stream (median)", "CPU ratio", "our RSS / stream (over idle)", "our RSS / stream (marginal, N/2 → N)", "ffmpeg RSS / stream"],
            [[
                $"{ourCpu:0.000} % ({ourRawCpu:0.000} % raw)", $"{ffCpu:0.000} %", $"{ourCpu / ffCpu:0.00} ({ourRawCpu / ffCpu:0.00} raw)",
                $"{ourRss:0.00} MB", double.IsNaN(slope) ? "— (no N/2 leg with a variant)" : $"{slope:0.00} MB", $"{ffRss:0.00} MB",
            ]]);
        if (variant.Count > 0)
        {
            var variantRss = Median(variant.Select(l => (l.Run.RssKb - idle.Run.RssKb) / 1024.0 / streams));
            report.Line($"\nVariant \"{VariantLabel}\": our CPU / stream over idle {variantCpu:0.000} % (median), ratio {variantCpu / ffCpu:0.00}; RSS / stream over idle {variantRss:0.00} MB.");
        }

        foreach (var leg in legs.Where(l => l.Run.Memory is not null))
        {
            report.Line($"\n{leg.Side} ×{leg.Streams}: {leg.Run.Memory}");
        }

        report.Line("\nTargets: ≤ 0.2 of ffmpeg's CPU per stream, ≤ 4 MB RSS per stream.");
    }

    /// <summary>
    /// The worker: N RTSP sources into segmenters. After the warm-up it reads its CPU, lets the window pass, reads
    /// CPU, RSS and the memory breakdown (before any stream is torn down, so TEARDOWN is not in the window) and
    /// prints "mem …" then "cpuMs rssKb frames".
    /// </summary>
    public static async Task<int> WorkerAsync(int streams, int seconds, string url)
    {
        using var stop = new CancellationTokenSource();
        long frames = 0;
        var segmenters = Enumerable.Range(0, streams).Select(_ => new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(1)))).ToArray();
        var pipelines = Enumerable.Range(0, streams).Select(i => Task.Run(async () =>
        {
            await Task.Delay(Stagger * i);
            var segmenter = segmenters[i];
            await using var source = new RtspCameraSource(new RtspSourceOptions(new Uri(url)) { Transport = RtspTransport.Tcp });
            try
            {
                var tracks = await source.OpenAsync(stop.Token);
                segmenter.DeclareTracks(tracks);
                await foreach (var frame in source.ReadAsync(stop.Token))
                {
                    segmenter.Write(frame);
                    Interlocked.Increment(ref frames);
                }
            }
            catch (OperationCanceledException)
            {
                // time is up
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(WarmupSeconds) + (Stagger * streams));
        var pid = Environment.ProcessId;
        var cpuStart = ProcStats.CpuMs(pid);
        var framesStart = Interlocked.Read(ref frames);
        await Task.Delay(TimeSpan.FromSeconds(seconds - WarmupSeconds));
        var cpu = ProcStats.CpuMs(pid) - cpuStart;
        var framesIn = Interlocked.Read(ref frames) - framesStart;
        var rss = ProcStats.RssKb(pid);
        var faulted = pipelines.FirstOrDefault(p => p.IsFaulted);
        Console.WriteLine(RtspWorkerMemory.Describe(segmenters));
        if (streams > 0)
        {
            // What is live rather than garbage the GC has not needed to collect yet (after the figures above).
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            Console.WriteLine(RtspWorkerMemory.Describe(segmenters).Replace("mem ", "mem after a full compacting GC: ", StringComparison.Ordinal));
        }

        await stop.CancelAsync();
        await Task.WhenAll(pipelines);
        if (faulted is not null)
        {
            Console.Error.WriteLine("a stream failed during the window: " + faulted.Exception?.InnerException?.Message);
            return 1;
        }

        Console.WriteLine($"{cpu:0} {rss} {framesIn}");
        return 0;
    }

    /// <summary>SHC_RTSP_BENCH_VARIANT_ENV: NAME=VALUE pairs (comma separated) set only for the variant legs' worker, e.g. a GC or socket setting.</summary>
    private static string[] VariantEnvironment =>
        (Environment.GetEnvironmentVariable("SHC_RTSP_BENCH_VARIANT_ENV") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The variant legs' name, or null when no variant is asked for.</summary>
    private static string? VariantLabel => VariantEnvironment.Length > 0 ? "ours, " + string.Join(", ", VariantEnvironment) : null;

    private sealed record Run(double CpuMs, long RssKb, long Frames, string? Memory);

    private sealed record Leg(string Side, int Streams, string LoadBefore, string LoadAfter, Run Run);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string GcSettings()
    {
        var set = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) && (k.Contains("GC", StringComparison.OrdinalIgnoreCase) || k.Contains("SOCKETS", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}");
        var list = string.Join(", ", set);
        return list.Length > 0 ? list : "defaults (workstation, non-concurrent)";
    }

    /// <summary>
    /// Each run gets a fresh GStreamer server: its shared media can abort (gst_rtsp_media_get_rates) when new clients
    /// set up while the previous run's clients are still tearing down.
    /// </summary>
    private static async Task<T> WithGstreamerAsync<T>(Func<string, Task<T>> run)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WithGstreamerOnceAsync(run);
            }
            catch (InvalidOperationException e) when (attempt < 3)
            {
                // GStreamer's shared media sometimes aborts (gst_rtsp_media_get_rates) while clients set up: run again.
                Console.Error.WriteLine($"run failed ({e.Message.Split('\n')[0]}); retrying with a fresh server");
            }
        }
    }

    private static async Task<T> WithGstreamerOnceAsync<T>(Func<string, Task<T>> run)
    {
        var port = FreePort();
        using var gst = StartGstreamer(port);
        try
        {
            var url = $"rtsp://127.0.0.1:{port}/test";
            await WaitForServerAsync(url);
            return await run(url);
        }
        finally
        {
            gst.Kill(entireProcessTree: true);
            await gst.WaitForExitAsync();
        }
    }

    private static Process StartGstreamer(int port)
    {
        var start = new ProcessStartInfo("/usr/bin/python3",
        [
            RepositoryPaths.Inside("tests", "SmartHomeCam.Rtsp.Tests", "gst_rtsp_server.py"), "--port", port.ToString(CultureInfo.InvariantCulture),
            "--shared", "--width", "1920", "--height", "1080", "--fps", "25", "--gop", "50", "--bitrate", "2000", "--pattern", "smpte",
        ])
        { RedirectStandardOutput = true };
        return Process.Start(start)!;
    }

    private static async Task WaitForServerAsync(string url)
    {
        for (var i = 0; i < 60; i++)
        {
            try
            {
                await using var probe = new RtspCameraSource(new RtspSourceOptions(new Uri(url)));
                await probe.OpenAsync(CancellationToken.None);
                return;
            }
            catch (SmartHomeCam.Cameras.CameraSourceException)
            {
                await Task.Delay(500);
            }
        }

        throw new InvalidOperationException("GStreamer's RTSP server did not come up");
    }

    private static async Task<Run> RunWorkerAsync(int streams, int seconds, string url, string[]? environment = null)
    {
        var self = Environment.ProcessPath!;
        var args = new List<string>();
        if (environment is { Length: > 0 })
        {
            // Started through env(1): ExternalTool passes no environment of its own.
            args.AddRange(environment);
            args.Add(self);
            self = "/usr/bin/env";
        }

        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            args.Add(typeof(RtspBenchmark).Assembly.Location);
        }

        args.AddRange(["rtsp-worker", streams.ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture), url]);
        var (code, stdout, stderr) = await ExternalTool.RunAsync(self, args, TimeSpan.FromSeconds(seconds + 60));
        if (code != 0)
        {
            throw new InvalidOperationException("rtsp worker failed: " + stderr);
        }

        var lines = stdout.Trim().Split('\n');
        var parts = lines[^1].Split(' ');
        var memory = string.Join("\n\n", lines.Where(l => l.StartsWith("mem ", StringComparison.Ordinal)).Select(l => l[4..]));
        return new Run(
            double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture), streams > 0 && memory.Length > 0 ? memory : null);
    }

    private static async Task<Run> RunFfmpegAsync(int streams, int seconds, string url)
    {
        var dir = Path.Combine(Path.GetTempPath(), "shc-rtsp-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var processors = Enumerable.Range(0, streams).Select(i =>
                FFMpegArguments.FromUrlInput(new Uri(url), o => o.WithCustomArgument("-nostdin -v error -rtsp_transport tcp"))
                    .OutputToFile(
                        Path.Combine(Directory.CreateDirectory(Path.Combine(dir, $"s{i}")).FullName, "index.m3u8"),
                        overwrite: true,
                        o => o.CopyStreams().ForceFormat("hls").WithCustomArgument("-hls_time 1 -hls_list_size 6 -hls_flags delete_segments")));
            await using var fleet = await FfmpegFleet.StartAsync(processors, Stagger);

            await Task.Delay(TimeSpan.FromSeconds(WarmupSeconds));
            var cpuStart = fleet.CpuMs();
            await Task.Delay(TimeSpan.FromSeconds(seconds - WarmupSeconds));
            return new Run(fleet.CpuMs() - cpuStart, fleet.RssKb(), 0, null);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
