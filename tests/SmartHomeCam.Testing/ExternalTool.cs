using System.Diagnostics;
using FFMpegCore;
using FFMpegCore.Enums;

namespace SmartHomeCam.Testing;

/// <summary>
/// Starts the real tools the tests use as oracles. ffmpeg and ffprobe go through FFMpegCore (its binary lookup,
/// argument builder and analysis types); write new oracles with <c>FFProbe</c>/<c>FFMpegArguments</c> directly.
/// <see cref="RunAsync"/> stays for the other tools (node, wrk, postgres).
/// </summary>
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

    /// <summary>Writes an ADTS AAC-LC file of a 440 Hz tone at 48 kHz with ffmpeg.</summary>
    public static async Task MakeAdtsAacAsync(string path, double seconds, int channels = 1)
    {
        var result = await FFMpegArguments
            .FromDeviceInput("sine=frequency=440:sample_rate=48000", i => i.ForceFormat("lavfi").WithCustomArgument(FfmpegOracle.ErrorsOnly))
            .OutputToFile(path, overwrite: true, o => o
                .WithDuration(TimeSpan.FromSeconds(seconds))
                .WithAudioCodec(AudioCodec.Aac, null)
                .WithAudioChannels(channels)
                .ForceFormat("adts"))
            .ProcessAsynchronously(throwOnError: false).ConfigureAwait(false);
        if (!result.Success)
        {
            throw new InvalidOperationException("ffmpeg failed: " + result.Errors());
        }
    }

    /// <summary>A temp file path with the given extension, deleted by the caller.</summary>
    public static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), $"shc-{Guid.NewGuid():N}{extension}");

    /// <summary>Generates raw Annex B H.264 of a moving test pattern with ffmpeg.</summary>
    public static async Task<byte[]> MakeH264Async(int width, int height, int fps, double seconds, int gop, string extra = "")
    {
        var path = TempFile(".h264");
        try
        {
            var result = await FFMpegArguments
                .FromDeviceInput(FormattableString.Invariant($"testsrc2=size={width}x{height}:rate={fps}"), i => i.ForceFormat("lavfi"))
                .OutputToFile(path, overwrite: true, o =>
                {
                    o.WithDuration(TimeSpan.FromSeconds(seconds))
                        .WithVideoCodec(VideoCodec.LibX264)
                        .WithSpeedPreset("ultrafast")
                        .WithGopSize(gop)
                        .WithCustomArgument(FormattableString.Invariant($"-pix_fmt yuv420p -keyint_min {gop} -sc_threshold 0 -bf 0"));
                    if (!string.IsNullOrWhiteSpace(extra))
                    {
                        o.WithCustomArgument(extra); // later options win, as on ffmpeg's command line
                    }

                    o.ForceFormat("h264");
                })
                .WithLogLevel(FFMpegLogLevel.Error)
                .ProcessAsynchronously(throwOnError: false).ConfigureAwait(false);
            if (!result.Success)
            {
                throw new InvalidOperationException("ffmpeg failed: " + string.Join('\n', result.StandardError));
            }

            return await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
