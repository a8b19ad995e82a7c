using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using FFMpegCore.Enums;
using SmartHomeCam.Media;
using SmartHomeCam.Testing;
using SmartHomeCam.Transcoding;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// CPU per stream of the transcode fallback: a 720p25 H.265 + Opus camera converted to H.264 High@4.1 + AAC, next
/// to the same fallback only remuxing an H.264 + AAC camera (the baseline: the ffmpeg process and our TS demuxer
/// without encoding), each read in real time for the same wall time. CPU counts this process and its ffmpeg child.
/// </summary>
public static class TranscodeBenchmark
{
    public static async Task RunAsync(Report report, int seconds)
    {
        var wall = TimeSpan.FromSeconds(seconds > 0 ? seconds : 20);
        var hevc = await MakeClipAsync(VideoCodec.LibX265, "libopus");
        var h264 = await MakeClipAsync(VideoCodec.LibX264, "aac");
        try
        {
            var copy = await MeasureAsync(h264, wall);
            var transcode = await MeasureAsync(hevc, wall);
            report.Section("Transcode fallback: CPU per stream", $"720p25 input read in real time for {wall.TotalSeconds:0} s each; CPU of this process plus ffmpeg, as % of one core.");
            report.Table(
                ["input → output", "plan", "CPU % of a core", "video frames", "ratio to baseline"],
                [
                    ["H.264 + AAC → same (baseline: remux only)", copy.Plan, Pct(copy.CpuMs, wall), copy.Frames.ToString(CultureInfo.InvariantCulture), "1.00"],
                    ["H.265 + Opus → H.264 High@4.1 + AAC", transcode.Plan, Pct(transcode.CpuMs, wall), transcode.Frames.ToString(CultureInfo.InvariantCulture),
                        (transcode.CpuMs / Math.Max(1, copy.CpuMs)).ToString("0.00", CultureInfo.InvariantCulture)],
                ]);
        }
        finally
        {
            File.Delete(hevc);
            File.Delete(h264);
        }
    }

    private static async Task<(double CpuMs, int Frames, string Plan)> MeasureAsync(string clip, TimeSpan wall)
    {
        var before = OwnAndChildrenCpuMs();
        var frames = 0;
        string plan;
        await using (var source = new TranscodingCameraSource(new TranscodingSourceOptions { Input = clip, Realtime = true, Loop = true }))
        {
            await source.OpenAsync(CancellationToken.None);
            plan = $"video {source.Plan!.Video}, audio {source.Plan.Audio}";
            using var stop = new CancellationTokenSource(wall);
            try
            {
                await foreach (var frame in source.ReadAsync(stop.Token))
                {
                    frames += frame.Kind == MediaKind.Video ? 1 : 0;
                }
            }
            catch (OperationCanceledException)
            {
                // the wall time is up
            }
        }

        // The ffmpeg child has been waited for by now, so its CPU is in this process's children counters.
        return (OwnAndChildrenCpuMs() - before, frames, plan);
    }

    private static double OwnAndChildrenCpuMs()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // cutime and cstime are fields 16 and 17 (after the command we start at field 3), in USER_HZ ticks.
        var children = (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) * 10.0;
        return Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds + children;
    }

    private static string Pct(double cpuMs, TimeSpan wall) => (cpuMs / wall.TotalMilliseconds * 100).ToString("0.0", CultureInfo.InvariantCulture);

    private static async Task<string> MakeClipAsync(Codec video, string audio)
    {
        var path = ExternalTool.TempFile(".mkv");
        await FFMpegArguments
            .FromDeviceInput("testsrc2=size=1280x720:rate=25", i => i.ForceFormat("lavfi"))
            .AddDeviceInput("sine=frequency=440:sample_rate=48000", i => i.ForceFormat("lavfi"))
            .OutputToFile(path, overwrite: true, o => o
                .WithDuration(TimeSpan.FromSeconds(10))
                .WithVideoCodec(video).WithSpeedPreset("veryfast").WithGopSize(25)
                .WithCustomArgument("-pix_fmt yuv420p")
                .WithAudioCodec(audio, null)
                .ForceFormat("matroska"))
            .WithLogLevel(FFMpegLogLevel.Error)
            .ProcessAsynchronously();
        return path;
    }
}
