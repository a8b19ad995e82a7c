using System.Diagnostics;

namespace SmartHomeCam.Arlo.Tests;

/// <summary>ffmpeg/ffprobe as an RTSP client nobody here wrote, started as a process the test can also kill.</summary>
internal static class FfmpegClient
{
    public static Process Start(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException(tool + " did not start");
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)> RunAsync(TimeSpan timeout, string tool, params string[] args)
    {
        var watch = Stopwatch.StartNew();
        using var process = Start(tool, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(true);
            throw new TimeoutException($"{tool} did not finish within {timeout}: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr, watch.Elapsed);
    }
}
