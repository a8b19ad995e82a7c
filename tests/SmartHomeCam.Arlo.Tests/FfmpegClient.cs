using System.Diagnostics;
using FFMpegCore;
using FFMpegCore.Exceptions;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Arlo.Tests;

/// <summary>ffmpeg/ffprobe (through FFMpegCore) as RTSP clients nobody here wrote.</summary>
internal static class FfmpegClient
{
    /// <summary>ffprobe of <paramref name="url"/>: its analysis, or its exit code and errors when it failed.</summary>
    public static async Task<Probe> ProbeAsync(Uri url, TimeSpan timeout, string? transport = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var analysis = await FFProbe.AnalyseAsync(url, customArguments: transport is null ? null : "-rtsp_transport " + transport, cancellationToken: cts.Token);
            return new Probe(0, analysis, "");
        }
        catch (FFProbeProcessException e)
        {
            return new Probe(e.ExitCode, null, string.Join('\n', e.StandardError));
        }
    }

    /// <summary>
    /// ffmpeg decodes <paramref name="url"/> to nothing for at most <paramref name="duration"/>; stderr keeps the info
    /// level, so its progress lines say how many frames were decoded.
    /// </summary>
    public static async Task<Decode> DecodeAsync(Uri url, TimeSpan duration, TimeSpan timeout, string inputArguments = "")
    {
        var watch = Stopwatch.StartNew();
        var result = await FfmpegOracle.RunAsync(
            FFMpegArguments.FromUrlInput(url, i => i.WithCustomArgument("-hide_banner " + inputArguments)).OutputToNull(o => o.WithDuration(duration)),
            timeout);
        return new Decode(result.ExitCode, string.Join('\n', result.StandardError), watch.Elapsed);
    }

    /// <summary>
    /// Starts ffmpeg decoding <paramref name="url"/> until <see cref="Running.KillAsync"/> kills it (SIGKILL): a client
    /// that vanishes without a TEARDOWN. <c>-nostdin</c> makes it ignore the polite "q" FFMpegCore sends first.
    /// </summary>
    public static Running Start(Uri url, string transport)
    {
        var cts = new CancellationTokenSource();
        var run = FFMpegArguments.FromUrlInput(url, i => i.WithCustomArgument("-hide_banner -nostdin -rtsp_transport " + transport))
            .OutputToNull()
            .CancellableThrough(cts.Token, TimeSpan.Zero)
            .ProcessAsynchronously(throwOnError: false);
        return new Running(cts, run);
    }

    internal sealed record Probe(int ExitCode, IMediaAnalysis? Analysis, string Stderr);

    internal sealed record Decode(int ExitCode, string Stderr, TimeSpan Elapsed);

    internal sealed class Running(CancellationTokenSource cts, Task<FFMpegResult> run) : IAsyncDisposable
    {
        public async Task KillAsync()
        {
            await cts.CancelAsync();
            await run;
        }

        public async ValueTask DisposeAsync()
        {
            await KillAsync();
            cts.Dispose();
        }
    }
}
