using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Media;
using SmartHomeCam.Media.Aac;
using SmartHomeCam.Media.H264;
using SmartHomeCam.Media.Ts;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// CPU time to turn a 1080p Annex B file into MPEG-TS: our parser + muxer in-process against
/// <c>ffmpeg -f h264 -i in.h264 -c copy -f mpegts</c> on the same file in the same run.
/// </summary>
public static class MuxBenchmark
{
    private const int Passes = 50;

    public static async Task RunAsync(Report report)
    {
        var input = await BenchInputs.Get1080pAsync();
        var data = await File.ReadAllBytesAsync(input);
        var output = new ArrayBufferWriter<byte>(data.Length * 2);

        var muxer = new TsMuxer(); // one per stream, as in a capture session
        MuxOnce(muxer, data, output); // warm-up (JIT)
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var frames = 0;
        for (var i = 0; i < Passes; i++)
        {
            frames = MuxOnce(muxer, data, output);
        }

        var ours = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / Passes;
        var allocatedPerFrame = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)(Passes * frames);
        var videoBytes = output.WrittenCount;

        // The same video with 20 s of AAC (48 kHz, 1024 samples per frame) interleaved, as a camera with sound.
        var adts = await MakeAdtsAsync();
        var audioFrames = SplitAdts(adts);
        var avMuxer = new TsMuxer(new MediaTracks(H264Track.InBand, new AacTrack(48_000, 1)));
        MuxOnceWithAudio(avMuxer, data, adts, audioFrames, output);
        var avAllocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var avCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var avFrames = 0;
        for (var i = 0; i < Passes; i++)
        {
            avFrames = MuxOnceWithAudio(avMuxer, data, adts, audioFrames, output);
        }

        var oursWithAudio = (Process.GetCurrentProcess().TotalProcessorTime - avCpuBefore).TotalMilliseconds / Passes;
        var avAllocatedPerFrame = (GC.GetAllocatedBytesForCurrentThread() - avAllocatedBefore) / (double)(Passes * avFrames);
        var avBytes = output.WrittenCount;
        var (demoFrames, demoAllocated) = await MeasureDemoSourceAsync(TimeSpan.FromSeconds(5));

        var ffmpegTimes = new List<double>();
        var ffmpegLoopTimes = new List<double>();
        long ffmpegBytes = 0;
        var outPath = ExternalTool.TempFile(".ts");
        try
        {
            for (var i = 0; i < Passes; i++)
            {
                // The reaped child's CPU (this process's children counters) is the whole ffmpeg process (start-up and
                // probing included); ffmpeg's own -benchmark line gives the CPU of its copy loop alone. Both are reported.
                var benchLine = "";
                var childrenBefore = ProcStats.ReapedChildrenCpuMs();
                var result = await FFMpegArguments
                    .FromFileInput(input, verifyExists: true, i => i.WithCustomArgument("-hide_banner -benchmark").ForceFormat("h264"))
                    .OutputToFile(outPath, overwrite: true, o => o.CopyStreams().ForceFormat("mpegts"))
                    .NotifyOnStandardError(line => benchLine = line.StartsWith("bench: utime", StringComparison.Ordinal) ? line : benchLine)
                    .ProcessAsynchronously(throwOnError: false);
                var childCpuMs = ProcStats.ReapedChildrenCpuMs() - childrenBefore;
                var loop = System.Text.RegularExpressions.Regex.Match(benchLine, @"utime=([\d.]+)s stime=([\d.]+)s");
                if (!result.Success || !loop.Success)
                {
                    throw new InvalidOperationException("ffmpeg failed: " + string.Join('\n', result.StandardError));
                }

                ffmpegTimes.Add(childCpuMs);
                ffmpegLoopTimes.Add((double.Parse(loop.Groups[1].Value, CultureInfo.InvariantCulture) + double.Parse(loop.Groups[2].Value, CultureInfo.InvariantCulture)) * 1000);
            }

            ffmpegBytes = new FileInfo(outPath).Length;
        }
        finally
        {
            File.Delete(outPath);
        }

        var ffmpeg = ffmpegTimes.Average();
        var ffmpegLoop = ffmpegLoopTimes.Average();
        report.Section("Muxing throughput (1080p30, 20 s, 8 Mbit/s H.264 → MPEG-TS)",
            $"CPU time per pass, mean of {Passes}; ours = Annex B parsing + access-unit splitting + TS muxing in-process; ffmpeg = whole process.");
        report.Table(
            ["muxer", "CPU ms / pass", "× realtime", "output bytes", "alloc / frame"],
            [
                ["SmartHomeCam TsMuxer", ours.ToString("0.0", CultureInfo.InvariantCulture), (20_000 / ours).ToString("0", CultureInfo.InvariantCulture), videoBytes.ToString(CultureInfo.InvariantCulture), $"{allocatedPerFrame:0.0} B"],
                ["SmartHomeCam TsMuxer, + AAC audio", oursWithAudio.ToString("0.0", CultureInfo.InvariantCulture), (20_000 / oursWithAudio).ToString("0", CultureInfo.InvariantCulture), avBytes.ToString(CultureInfo.InvariantCulture), $"{avAllocatedPerFrame:0.0} B ({avFrames} frames)"],
                ["ffmpeg -c copy -f mpegts (whole process)", ffmpeg.ToString("0.0", CultureInfo.InvariantCulture), (20_000 / ffmpeg).ToString("0", CultureInfo.InvariantCulture), ffmpegBytes.ToString(CultureInfo.InvariantCulture), "n/a"],
                ["ffmpeg copy loop only (-benchmark)", ffmpegLoop.ToString("0.0", CultureInfo.InvariantCulture), (20_000 / ffmpegLoop).ToString("0", CultureInfo.InvariantCulture), "", "n/a"],
            ]);
        report.Line($"\nCPU time ratio ours / ffmpeg: **{ours / ffmpeg:0.00}** against the whole process, **{ours / ffmpegLoop:0.00}** against its copy loop alone ({frames} frames).");
        report.Line($"\nDemo source with sound (real time, 5 s after 2 s of warm-up): {demoFrames} frames (video + AAC interleaved), {demoAllocated / (double)demoFrames:0.0} B allocated per frame ({demoAllocated} B in all, by every thread of the process).");
    }

    private static async Task<byte[]> MakeAdtsAsync()
    {
        var path = ExternalTool.TempFile(".aac");
        try
        {
            await ExternalTool.MakeAdtsAacAsync(path, seconds: 20, channels: 1);
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<(int Offset, int Length)> SplitAdts(byte[] adts)
    {
        var frames = new List<(int, int)>();
        for (var offset = 0; AdtsHeader.TryParse(adts.AsSpan(offset), out var header); offset += header.FrameLength)
        {
            frames.Add((offset, header.FrameLength));
        }

        return frames;
    }

    /// <summary>Like <see cref="MuxOnce"/> with the audio frames interleaved in timestamp order. Returns the frame count (both kinds).</summary>
    private static int MuxOnceWithAudio(TsMuxer muxer, byte[] data, byte[] adts, List<(int Offset, int Length)> audio, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        muxer.WriteTables(output);
        var frames = 0;
        var video = 0;
        var a = 0;
        foreach (var unit in AnnexB.EnumerateAccessUnits(data))
        {
            var ts = video * 3000L;
            for (; a < audio.Count && a * 1920L < ts; a++, frames++)
            {
                muxer.WriteAudio(output, adts.AsSpan(audio[a].Offset, audio[a].Length), a * 1920L);
            }

            Mux(muxer, output, data.AsSpan(unit.Offset, unit.Length), video++, unit.IsKeyframe);
            frames++;
        }

        return frames;
    }

    /// <summary>Runs the demo source with sound in real time; returns frames delivered and bytes allocated meanwhile (all threads).</summary>
    private static async Task<(long Frames, long Allocated)> MeasureDemoSourceAsync(TimeSpan duration)
    {
        await using var source = new DemoCameraSource(withAudio: true);
        await source.OpenAsync(CancellationToken.None);
        const long warmUp = 2 * 90_000;
        var end = warmUp + (long)(duration.TotalSeconds * 90_000);
        long frames = 0;
        long allocatedBefore = 0;
        await foreach (var frame in source.ReadAsync(CancellationToken.None))
        {
            // The first seconds warm up (JIT tiers, timer); then count until the media time is up.
            if (frame.Pts == warmUp && frame.Kind == MediaKind.Video)
            {
                allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                frames = 0;
            }
            else if (frame.Pts >= end)
            {
                return (frames, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
            }

            frames++;
        }

        throw new InvalidOperationException("the demo source ended");
    }

    /// <summary>One full pass: split into access units and mux each, as a live session does. Returns the frame count.</summary>
    private static int MuxOnce(TsMuxer muxer, byte[] data, ArrayBufferWriter<byte> output)
    {
        output.ResetWrittenCount();
        muxer.WriteTables(output);
        var frames = 0;
        foreach (var unit in AnnexB.EnumerateAccessUnits(data))
        {
            Mux(muxer, output, data.AsSpan(unit.Offset, unit.Length), frames++, unit.IsKeyframe);
        }

        return frames;
    }

    private static void Mux(TsMuxer muxer, ArrayBufferWriter<byte> output, ReadOnlySpan<byte> unit, int index, bool keyframe)
    {
        var ts = index * 3000L;
        muxer.WriteVideo(output, unit, ts, ts, keyframe);
    }
}
