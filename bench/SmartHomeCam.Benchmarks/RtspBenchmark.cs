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
/// against N <c>ffmpeg -rtsp_transport tcp -i … -c copy -f hls</c> processes. CPU over the steady state, RSS
/// at the end; ours is the growth over an idle worker.
/// </summary>
public static class RtspBenchmark
{
    private const int WarmupSeconds = 4;

    /// <summary>
    /// Clients start this far apart on both sides: GStreamer's shared media aborts (an assertion in
    /// gst_rtsp_media_get_rates) when twenty clients set it up in the same instant.
    /// </summary>
    private static readonly TimeSpan Stagger = TimeSpan.FromMilliseconds(150);

    public static async Task RunAsync(Report report, int seconds, int streams)
    {
        seconds = seconds > 0 ? seconds : 15;
        streams = streams > 0 ? streams : 20;
        var idle = await WithGstreamerAsync(url => RunWorkerAsync(0, seconds, url));
        var ours = await WithGstreamerAsync(url => RunWorkerAsync(streams, seconds, url));
        var ffmpeg = await WithGstreamerAsync(url => RunFfmpegAsync(streams, seconds, url));
        var figures = $"ours {ours.CpuMs:0} ms CPU, {ours.RssKb} kB RSS; idle {idle.CpuMs:0} ms, {idle.RssKb} kB; ffmpeg {ffmpeg.CpuMs:0} ms, {ffmpeg.RssKb} kB";

        var measured = seconds - WarmupSeconds;
        double CpuPercent(double cpuMs) => cpuMs / (measured * 1000.0) * 100 / streams;
        var ourCpu = CpuPercent(ours.CpuMs - idle.CpuMs);
        var ourRawCpu = CpuPercent(ours.CpuMs);
        var ffCpu = CpuPercent(ffmpeg.CpuMs);
        var ourRss = (ours.RssKb - idle.RssKb) / 1024.0 / streams;
        var ffRss = ffmpeg.RssKb / 1024.0 / streams;
        report.Section($"RTSP in → HLS out: {streams} streams of 1080p25 ~2 Mbit/s from GStreamer's RTSP server",
            $"{seconds} s per run, CPU over the last {measured} s; ffmpeg = one `ffmpeg -rtsp_transport tcp -i … -c copy -f hls` process per stream; ours = RtspCameraSource (TCP) → HlsSegmenter.");
        report.Table(
            ["streams", "our CPU / stream (over idle)", "ffmpeg CPU / stream", "CPU ratio", "our RSS / stream (over idle)", "ffmpeg RSS / stream", "frames (ours)"],
            [[
                streams.ToString(CultureInfo.InvariantCulture),
                $"{ourCpu:0.000} % ({ourRawCpu:0.000} % raw)", $"{ffCpu:0.000} %", $"{ourCpu / ffCpu:0.00} ({ourRawCpu / ffCpu:0.00} raw)",
                $"{ourRss:0.00} MB", $"{ffRss:0.00} MB", ours.Frames.ToString(CultureInfo.InvariantCulture),
            ]]);
        report.Line($"\nRaw: {figures}.");
        report.Line("\nTargets: ≤ 0.2 of ffmpeg's CPU per stream, ≤ 4 MB RSS per stream.");
    }

    /// <summary>The worker: N RTSP sources into segmenters; prints "cpuMs rssKb frames".</summary>
    public static async Task<int> WorkerAsync(int streams, int seconds, string url)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds) + (Stagger * streams));
        long frames = 0;
        var pipelines = Enumerable.Range(0, streams).Select(i => Task.Run(async () =>
        {
            await Task.Delay(Stagger * i);
            var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(1)));
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
        if (streams == 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds - WarmupSeconds));
        }

        await Task.WhenAll(pipelines);
        Console.WriteLine($"{ProcStats.CpuMs(pid) - cpuStart:0} {ProcStats.RssKb(pid)} {Interlocked.Read(ref frames)}");
        return 0;
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

    private static async Task<(double CpuMs, long RssKb, long Frames)> RunWorkerAsync(int streams, int seconds, string url)
    {
        var self = Environment.ProcessPath!;
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            args.Add(typeof(RtspBenchmark).Assembly.Location);
        }

        args.AddRange(["rtsp-worker", streams.ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture), url]);
        var (code, stdout, stderr) = await ExternalTool.RunAsync(self, args, TimeSpan.FromSeconds(seconds + 60));
        if (code != 0)
        {
            throw new InvalidOperationException("rtsp worker failed: " + stderr);
        }

        var parts = stdout.Trim().Split('\n')[^1].Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    private static async Task<(double CpuMs, long RssKb)> RunFfmpegAsync(int streams, int seconds, string url)
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
            return (fleet.CpuMs() - cpuStart, fleet.RssKb());
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
