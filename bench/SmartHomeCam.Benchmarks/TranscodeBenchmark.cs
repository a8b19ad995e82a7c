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
/// without encoding), each read in real time for the same wall time; then the fallback against plain ffmpeg run
/// with the very same arguments (<see cref="TranscodingCameraSource.ToFile"/>) writing to /dev/null, in real time
/// and flat out (× realtime). CPU counts this process and its ffmpeg child.
/// </summary>
public static class TranscodeBenchmark
{
    private const int ClipSeconds = 10;

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

            var codecs = await TranscodingCameraSource.ProbeAsync(hevc, CancellationToken.None);
            var plainRealtime = await MeasurePlainAsync(hevc, codecs, realtime: true, wall);
            var oursFlatOut = await MeasureFlatOutAsync(hevc);
            var plainFlatOut = await MeasurePlainAsync(hevc, codecs, realtime: false, wall);
            report.Section("Transcode fallback vs plain ffmpeg, same arguments (H.265 + Opus → H.264 + AAC)",
                $"Real time: {wall.TotalSeconds:0} s each, CPU as % of one core. Flat out: the {ClipSeconds} s clip once, as fast as it goes; × realtime = media seconds per wall second.");
            report.Table(
                ["run", "real time: CPU % of a core", "flat out: wall s", "flat out: CPU s", "× realtime"],
                [
                    ["SmartHomeCam fallback (ffmpeg → pipe → our TS demuxer → frames)", Pct(transcode.CpuMs, wall),
                        Seconds(oursFlatOut.WallMs), Seconds(oursFlatOut.CpuMs), Factor(oursFlatOut.WallMs)],
                    ["plain ffmpeg, same arguments, → /dev/null", Pct(plainRealtime.CpuMs, wall),
                        Seconds(plainFlatOut.WallMs), Seconds(plainFlatOut.CpuMs), Factor(plainFlatOut.WallMs)],
                ]);
            report.Line(FormattableString.Invariant(
                $"\nCPU ratio fallback / plain ffmpeg: **{transcode.CpuMs / Math.Max(1, plainRealtime.CpuMs):0.00}** in real time, **{oursFlatOut.CpuMs / Math.Max(1, plainFlatOut.CpuMs):0.00}** flat out ({oursFlatOut.Frames} video frames)."));
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

    /// <summary>Plain ffmpeg with the fallback's own arguments, output to /dev/null: in real time for <paramref name="wall"/>, or the clip once flat out.</summary>
    private static async Task<(double CpuMs, double WallMs)> MeasurePlainAsync(string clip, SourceCodecs codecs, bool realtime, TimeSpan wall)
    {
        var options = new TranscodingSourceOptions { Input = clip, Realtime = realtime, Loop = realtime };
        using var stop = new CancellationTokenSource();
        if (realtime)
        {
            stop.CancelAfter(wall);
        }

        var before = OwnAndChildrenCpuMs();
        var watch = Stopwatch.StartNew();
        var result = await TranscodingCameraSource.ToFile(options, codecs, "/dev/null")
            .CancellableThrough(stop.Token, TimeSpan.FromSeconds(5))
            .ProcessAsynchronously(throwOnError: false);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (!realtime && !result.Success)
        {
            throw new InvalidOperationException("plain ffmpeg failed: " + string.Join('\n', result.StandardError));
        }

        return (OwnAndChildrenCpuMs() - before, elapsed);
    }

    /// <summary>The fallback reading the clip once, not paced: until ffmpeg ends and the source reports it.</summary>
    private static async Task<(double CpuMs, double WallMs, int Frames)> MeasureFlatOutAsync(string clip)
    {
        var before = OwnAndChildrenCpuMs();
        var watch = Stopwatch.StartNew();
        var frames = 0;
        await using (var source = new TranscodingCameraSource(new TranscodingSourceOptions { Input = clip, Realtime = false, Loop = false }))
        {
            await source.OpenAsync(CancellationToken.None);
            try
            {
                await foreach (var frame in source.ReadAsync(CancellationToken.None))
                {
                    frames += frame.Kind == MediaKind.Video ? 1 : 0;
                }
            }
            catch (SmartHomeCam.Cameras.CameraSourceException)
            {
                // the end of the clip: the transcoder stopped
            }
        }

        var elapsed = watch.Elapsed.TotalMilliseconds;
        return (OwnAndChildrenCpuMs() - before, elapsed, frames);
    }

    private static string Seconds(double ms) => (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Factor(double wallMs) => (ClipSeconds * 1000 / wallMs).ToString("0.0", CultureInfo.InvariantCulture);

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
                .WithDuration(TimeSpan.FromSeconds(ClipSeconds))
                .WithVideoCodec(video).WithSpeedPreset("veryfast").WithGopSize(25)
                .WithCustomArgument("-pix_fmt yuv420p")
                .WithAudioCodec(audio, null)
                .ForceFormat("matroska"))
            .WithLogLevel(FFMpegLogLevel.Error)
            .ProcessAsynchronously();
        return path;
    }
}
