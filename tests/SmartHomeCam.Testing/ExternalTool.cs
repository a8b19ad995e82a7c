using System.Diagnostics;

namespace SmartHomeCam.Testing;

/// <summary>Runs ffmpeg/ffprobe (real Debian binaries) as test oracles.</summary>
public static class ExternalTool
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        using var process = new Process();
        process.StartInfo = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            process.StartInfo.ArgumentList.Add(arg);
        }

        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', process.StartInfo.ArgumentList)} timed out");
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> FfmpegAsync(params string[] args) =>
        RunAsync("ffmpeg", ["-hide_banner", "-nostdin", .. args]);

    public static Task<(int ExitCode, string Stdout, string Stderr)> FfprobeAsync(params string[] args) =>
        RunAsync("ffprobe", ["-hide_banner", .. args]);

    /// <summary>A temp file path with the given extension, deleted by the caller.</summary>
    public static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), $"shc-{Guid.NewGuid():N}{extension}");

    /// <summary>Generates raw Annex B H.264 of a moving test pattern with ffmpeg.</summary>
    public static async Task<byte[]> MakeH264Async(int width, int height, int fps, double seconds, int gop, string extra = "")
    {
        var path = TempFile(".h264");
        try
        {
            var args = new List<string>
            {
                "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate={fps}", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", gop.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-keyint_min", gop.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sc_threshold", "0", "-bf", "0",
            };
            args.AddRange(extra.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            args.AddRange(["-f", "h264", path]);
            var (code, _, err) = await FfmpegAsync([.. args]).ConfigureAwait(false);
            if (code != 0)
            {
                throw new InvalidOperationException("ffmpeg failed: " + err);
            }

            return await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
