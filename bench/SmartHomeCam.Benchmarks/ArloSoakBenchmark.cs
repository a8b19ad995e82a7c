using System.Diagnostics;
using System.Globalization;
using System.Net;
using SmartHomeCam.Fakes.Rtsp;
using SmartHomeCam.Rtsp;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// <c>bench/run soak-arlo [seconds]</c> (default 600, not in CI): our RTSP client against a fake Arlo camera with the
/// camera's RR watchdog on (cut after 6 s without receiver reports), side by side with <c>ffmpeg -rtsp_transport udp</c>
/// against an identical camera that is re-opened after every cut. Reports drops, RR intervals and frames.
/// </summary>
public static class ArloSoakBenchmark
{
    public static async Task RunAsync(Report report, int seconds)
    {
        var duration = TimeSpan.FromSeconds(seconds > 0 ? seconds : 600);
        var media = await FakeRtspMedia.GenerateAsync(new FakeRtspMediaSpec(Width: 1280, Height: 720, BitrateKbps: 300, Seconds: 10));
        await using var oursCamera = FakeRtspServer.Start(Arlo(media));
        await using var ffmpegCamera = FakeRtspServer.Start(Arlo(media));

        var ours = RunOursAsync(oursCamera.Url, duration);
        var baseline = RunFfmpegAsync(ffmpegCamera.Url, duration);
        var (frames, reconnects) = await ours;
        var (ffmpegRuns, ffmpegFrames) = await baseline;

        static string Gaps(FakeRtspCounters c)
        {
            var gaps = c.ReceiverReportIntervals.Select(g => g.TotalSeconds).Order().ToList();
            return gaps.Count == 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"{gaps[gaps.Count / 2]:0.00} / {gaps[^1]:0.00}");
        }

        static int Cuts(FakeRtspCounters c) => c.Ends.Count(e => e.Reason == FakeRtspEndReason.ReceiverReportTimeout);

        report.Section($"Arlo soak: {duration.TotalMinutes:0.#} min against the camera's 6 s RR watchdog", "fake Arlo camera (1280x720, 25 fps, UDP), loopback");
        report.Table(
            ["client", "watchdog cuts", "reconnects", "RRs", "RR gap median / max (s)", "frames", "frames per s"],
            [
                ["ours (RtspCameraSource, UDP)", Cuts(oursCamera.Counters).ToString(CultureInfo.InvariantCulture), reconnects.ToString(CultureInfo.InvariantCulture),
                    oursCamera.Counters.ReceiverReports.ToString(CultureInfo.InvariantCulture), Gaps(oursCamera.Counters), frames.ToString(CultureInfo.InvariantCulture),
                    (frames / duration.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture)],
                ["ffmpeg -rtsp_transport udp (re-opened after each cut)", Cuts(ffmpegCamera.Counters).ToString(CultureInfo.InvariantCulture), (ffmpegRuns - 1).ToString(CultureInfo.InvariantCulture),
                    ffmpegCamera.Counters.ReceiverReports.ToString(CultureInfo.InvariantCulture), Gaps(ffmpegCamera.Counters), ffmpegFrames.ToString(CultureInfo.InvariantCulture),
                    (ffmpegFrames / duration.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture)],
            ]);
        var ratio = ffmpegFrames == 0 ? double.PositiveInfinity : frames / (double)ffmpegFrames;
        report.Line(string.Create(CultureInfo.InvariantCulture, $"\nFrames delivered, ours / ffmpeg: {ratio:0.00}. Drops (watchdog cuts): ours {Cuts(oursCamera.Counters)}, ffmpeg {Cuts(ffmpegCamera.Counters)}."));
    }

    private static FakeRtspServerOptions Arlo(FakeRtspMedia media)
    {
        var arlo = FakeRtspServerOptions.Arlo(media);
        return new FakeRtspServerOptions
        {
            Media = media, BindAddress = IPAddress.Loopback, ReceiverReportTimeout = arlo.ReceiverReportTimeout, OrphanLinger = TimeSpan.FromSeconds(5),
            SingleSession = false, SenderReportInterval = arlo.SenderReportInterval,
        };
    }

    private static async Task<(long Frames, int Reconnects)> RunOursAsync(Uri url, TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        long frames = 0;
        var opens = 0;
        while (watch.Elapsed < duration)
        {
            opens++;
            await using var source = new RtspCameraSource(new RtspSourceOptions(url) { Transport = RtspTransport.Udp });
            using var cts = new CancellationTokenSource(duration - watch.Elapsed);
            try
            {
                await source.OpenAsync(cts.Token);
                await foreach (var frame in source.ReadAsync(cts.Token))
                {
                    frames++;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SmartHomeCam.Cameras.CameraSourceException)
            {
                // cancelled at the end, or cut: re-open (counted)
            }
        }

        return (frames, opens - 1);
    }

    private static async Task<(int Runs, long Frames)> RunFfmpegAsync(Uri url, TimeSpan duration)
    {
        var watch = Stopwatch.StartNew();
        var runs = 0;
        long frames = 0;
        while (watch.Elapsed < duration)
        {
            runs++;
            var left = TimeSpan.FromSeconds(Math.Round((duration - watch.Elapsed).TotalSeconds, 1));
            var result = await FFMpegCore.FFMpegArguments
                .FromUrlInput(url, i => i.WithCustomArgument("-hide_banner -rtsp_transport udp -timeout 3000000"))
                .OutputToNull(o => o.WithDuration(left))
                .ProcessAsynchronously(throwOnError: false);
            var stderr = string.Join('\n', result.StandardError);
            var at = stderr.LastIndexOf("frame=", StringComparison.Ordinal);
            if (at >= 0 && long.TryParse(new string(stderr[(at + 6)..].TrimStart().TakeWhile(char.IsDigit).ToArray()), CultureInfo.InvariantCulture, out var n))
            {
                frames += n;
            }
        }

        return (runs, frames);
    }
}
