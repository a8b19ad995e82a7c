using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Media.Hls;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// N concurrent real-time streams: N pipelines (source → segmenter) in one of our processes against N
/// <c>ffmpeg -re … -c copy -f hls</c> processes, same clip, same duration. CPU is measured over the steady
/// state (after a 2 s warm-up); our memory per stream is the RSS growth over an idle worker.
/// </summary>
public static class DensityBenchmark
{
    private const int WarmupSeconds = 3;

    public static async Task RunAsync(Report report, int seconds)
    {
        seconds = seconds > 0 ? seconds : 12;
        var idle = await RunWorkerAsync(0, seconds);
        var rows = new List<string[]>();
        foreach (var n in new[] { 10, 50, 100 })
        {
            var ours = await RunWorkerAsync(n, seconds);
            var ffmpeg = await RunFfmpegAsync(n, seconds);
            var measured = seconds - WarmupSeconds;
            double CpuPercent(double cpuMs) => cpuMs / (measured * 1000.0) * 100 / n;
            // Marginal cost: what N streams add to an idle process (runtime timers, tiered JIT). ffmpeg's figure is
            // marginal by construction (one process per stream); our raw figure is shown too.
            var ourCpu = CpuPercent(ours.CpuMs - idle.CpuMs);
            var ourRawCpu = CpuPercent(ours.CpuMs);
            var ffCpu = CpuPercent(ffmpeg.CpuMs);
            var ourRss = (ours.RssKb - idle.RssKb) / 1024.0 / n;
            var ffRss = ffmpeg.RssKb / 1024.0 / n;
            rows.Add([
                n.ToString(CultureInfo.InvariantCulture),
                $"{ourCpu:0.000} % ({ourRawCpu:0.000} % raw)", $"{ffCpu:0.000} %", $"{ourCpu / ffCpu:0.00} ({ourRawCpu / ffCpu:0.00} raw)",
                $"{ourRss:0.00} MB", $"{ffRss:0.00} MB",
            ]);
        }

        report.Section("Density: concurrent real-time streams (demo clip, 640x360 25 fps)",
            $"{seconds} s per run, CPU over the last {seconds - WarmupSeconds} s; ffmpeg = one `ffmpeg -re -stream_loop -1 … -c copy -f hls` process per stream.");
        report.Table(["streams", "our CPU / stream (over idle)", "ffmpeg CPU / stream", "CPU ratio", "our RSS / stream (over idle)", "ffmpeg RSS / stream"], rows);
        report.Line($"\nIdle worker (0 streams): {idle.CpuMs:0} ms CPU over {seconds - WarmupSeconds} s, {idle.RssKb / 1024.0:0.0} MB RSS.");
        report.Line("\nTargets: ≤ 1/5 of ffmpeg's CPU per stream (ratio ≤ 0.20), ≤ 4 MB RSS per stream.");
    }

    /// <summary>The worker process: N pipelines for the given time; prints "cpuMs rssKb".</summary>
    public static async Task<int> WorkerAsync(int streams, int seconds)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var pipelines = Enumerable.Range(0, streams).Select(_ => Task.Run(async () =>
        {
            var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(1)));
            await using var source = new DemoCameraSource();
            try
            {
                await foreach (var frame in source.ReadAsync(stop.Token))
                {
                    segmenter.Write(frame);
                }
            }
            catch (OperationCanceledException)
            {
                // time is up
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(WarmupSeconds));
        var pid = Environment.ProcessId;
        var cpuStart = ProcStats.CpuMs(pid);
        await Task.WhenAll(pipelines);
        if (streams == 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds - WarmupSeconds));
        }

        Console.WriteLine($"{ProcStats.CpuMs(pid) - cpuStart:0} {ProcStats.RssKb(pid)}");
        return 0;
    }

    private static async Task<(double CpuMs, long RssKb)> RunWorkerAsync(int streams, int seconds)
    {
        var self = Environment.ProcessPath!;
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            args.Add(typeof(DensityBenchmark).Assembly.Location);
        }

        args.AddRange(["density-worker", streams.ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture)]);
        var (code, stdout, stderr) = await ExternalTool.RunAsync(self, args, TimeSpan.FromSeconds(seconds + 60));
        if (code != 0)
        {
            throw new InvalidOperationException("density worker failed: " + stderr);
        }

        var parts = stdout.Trim().Split('\n')[^1].Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static async Task<(double CpuMs, long RssKb)> RunFfmpegAsync(int streams, int seconds)
    {
        var dir = Path.Combine(Path.GetTempPath(), "shc-density-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var clip = await BenchInputs.DemoClipMp4Async();
        try
        {
            var processors = Enumerable.Range(0, streams).Select(i =>
                FFMpegArguments.FromFileInput(clip, verifyExists: true, o => o.WithCustomArgument("-nostdin -v error -re -stream_loop -1"))
                    .OutputToFile(
                        Path.Combine(Directory.CreateDirectory(Path.Combine(dir, $"s{i}")).FullName, "index.m3u8"),
                        overwrite: true,
                        o => o.CopyStreams().ForceFormat("hls").WithCustomArgument("-hls_time 1 -hls_list_size 6 -hls_flags delete_segments")));
            await using var fleet = await FfmpegFleet.StartAsync(processors, TimeSpan.Zero);

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
}
