using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
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

        var ffmpegTimes = new List<double>();
        var ffmpegLoopTimes = new List<double>();
        long ffmpegBytes = 0;
        var outPath = ExternalTool.TempFile(".ts");
        try
        {
            for (var i = 0; i < Passes; i++)
            {
                // bash's `times` gives the whole ffmpeg process's CPU (start-up and probing included); ffmpeg's own
                // -benchmark line gives the CPU of its copy loop alone. Both are reported.
                var command = $"ffmpeg -nostdin -benchmark -v info -y -f h264 -i '{input}' -c copy -f mpegts '{outPath}' 2>&1 | grep '^bench: utime'; times";
                var (code, stdout, stderr) = await ExternalTool.RunAsync("bash", ["-c", command]);
                var loop = System.Text.RegularExpressions.Regex.Match(stdout, @"utime=([\d.]+)s stime=([\d.]+)s");
                var children = System.Text.RegularExpressions.Regex.Matches(stdout, @"(\d+)m([\d.]+)s (\d+)m([\d.]+)s");
                if (code != 0 || !loop.Success || children.Count < 2)
                {
                    throw new InvalidOperationException("ffmpeg failed: " + stdout + stderr);
                }

                double Seconds(Match m, int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) * 60 + double.Parse(m.Groups[g + 1].Value, CultureInfo.InvariantCulture);
                ffmpegTimes.Add((Seconds(children[1], 1) + Seconds(children[1], 3)) * 1000);
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
                ["SmartHomeCam TsMuxer", ours.ToString("0.0", CultureInfo.InvariantCulture), (20_000 / ours).ToString("0", CultureInfo.InvariantCulture), output.WrittenCount.ToString(CultureInfo.InvariantCulture), $"{allocatedPerFrame:0.0} B"],
                ["ffmpeg -c copy -f mpegts (whole process)", ffmpeg.ToString("0.0", CultureInfo.InvariantCulture), (20_000 / ffmpeg).ToString("0", CultureInfo.InvariantCulture), ffmpegBytes.ToString(CultureInfo.InvariantCulture), "n/a"],
                ["ffmpeg copy loop only (-benchmark)", ffmpegLoop.ToString("0.0", CultureInfo.InvariantCulture), (20_000 / ffmpegLoop).ToString("0", CultureInfo.InvariantCulture), "", "n/a"],
            ]);
        report.Line($"\nCPU time ratio ours / ffmpeg: **{ours / ffmpeg:0.00}** against the whole process, **{ours / ffmpegLoop:0.00}** against its copy loop alone ({frames} frames).");
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
