using FFMpegCore;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>Inputs generated once with ffmpeg and cached under bench/results/cache.</summary>
public static class BenchInputs
{
    public static async Task<string> Get1080pAsync()
    {
        var path = RepositoryPaths.Inside("bench", "results", "cache", "1080p30-20s.h264");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Console.WriteLine("generating a 20 s 1080p30 H.264 input with ffmpeg (once)…");
            var bytes = await ExternalTool.MakeH264Async(1920, 1080, 30, 20, 60, "-preset veryfast -profile:v high -level 4.1 -b:v 8M");
            await File.WriteAllBytesAsync(path, bytes);
        }

        return path;
    }

    public static string DemoClip => RepositoryPaths.Inside("src", "SmartHomeCam.Cameras", "Demo", "demo-clip.h264");

    /// <summary>The demo clip remuxed (not re-encoded) to MP4: ffmpeg's -stream_loop cannot rewind a raw H.264 input.</summary>
    public static async Task<string> DemoClipMp4Async()
    {
        var path = RepositoryPaths.Inside("bench", "results", "cache", "demo-clip.mp4");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var result = await FfmpegOracle.RunAsync(FfmpegOracle.Input(DemoClip, i => i.ForceFormat("h264").WithFrameRate(25))
                .OutputToFile(path, overwrite: true, o => o.CopyStreams()));
            if (!result.Success)
            {
                throw new InvalidOperationException("ffmpeg failed: " + result.Errors());
            }
        }

        return path;
    }
}
