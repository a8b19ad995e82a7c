using System.Globalization;
using FFMpegCore;
using Microsoft.Playwright;
using SmartHomeCam.EndToEnd.Tests;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Rtsp.Tests;

/// <summary>What one player did with a live HLS URL in headless Chromium (tests/web/player.html).</summary>
public sealed record PlaybackResult(string Player, double Start, double End, string[] Errors, long AudioBytes, string[] Tracks)
{
    public double Advanced => End - Start;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Player}: {Start:0.00} → {End:0.00} s, audio {AudioBytes} B, tracks [{string.Join(", ", Tracks)}], errors [{string.Join("; ", Errors)}]");
}

/// <summary>
/// Plays a stream in hls.js or shaka-player inside Debian's Chromium (the EndToEnd tests' launcher and page host,
/// linked in), and decodes a few seconds of it with ffmpeg through FFMpegCore. Shared by the RTSP and Arlo tests.
/// </summary>
public static class ChromiumPlayback
{
    /// <summary>Waits for playback to reach 1 s, then watches <paramref name="watch"/> of it.</summary>
    public static async Task<PlaybackResult> PlayAsync(Uri stream, string player, TimeSpan watch)
    {
        await using var pages = await PlayerPageHost.StartAsync();
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(pages.BaseAddress, $"player.html?player={player}&src={Uri.EscapeDataString(stream.ToString())}").ToString());
        await page.WaitForFunctionAsync(
            "() => document.getElementById('video').currentTime >= 1 || window.report.errors.length > 0", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        var start = await page.EvaluateAsync<double>("() => document.getElementById('video').currentTime");
        await Task.Delay(watch);
        var end = await page.EvaluateAsync<double>("() => document.getElementById('video').currentTime");
        return new PlaybackResult(
            await page.EvaluateAsync<string>("() => window.report.player || ''"),
            start,
            end,
            await page.EvaluateAsync<string[]>("() => window.report.errors"),
            // Bytes Chromium's audio decoder consumed: the sound is decoded, not only declared.
            await page.EvaluateAsync<long>("() => document.getElementById('video').webkitAudioDecodedByteCount || 0"),
            await page.EvaluateAsync<string[]>("() => (window.report.tracks || []).map(t => t.type + ' ' + t.codec)"));
    }

    /// <summary>Plays in hls.js, then shaka, each for <paramref name="watch"/>: both advance with sound and no error.</summary>
    public static async Task AssertBothPlayersPlayWithSoundAsync(Uri stream, TimeSpan watch)
    {
        foreach (var player in new[] { "hls", "shaka" })
        {
            var result = await PlayAsync(stream, player, watch);
            Assert.True(result.Errors.Length == 0, result.ToString());
            Assert.True(result.Advanced >= watch.TotalSeconds * 0.6, result.ToString()); // live edge catch-up on a loaded machine
            Assert.True(result.AudioBytes > 0, result.ToString());
            if (player == "hls")
            {
                Assert.Contains(result.Tracks, t => t.StartsWith("video avc1", StringComparison.Ordinal));
                Assert.Contains(result.Tracks, t => t.StartsWith("audio mp4a.40", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Records a few seconds of the live stream with ffmpeg (copy), decodes them fully, and returns ffprobe's view.</summary>
    public static async Task<IMediaAnalysis> RecordAndDecodeAsync(Uri stream, int seconds = 4)
    {
        var recording = Path.Combine(Path.GetTempPath(), $"shc-rtsp-{Guid.NewGuid():N}.ts");
        try
        {
            // A transcoded live stream may not have its first segment yet: retry as a player would, at most three times.
            FFMpegResult? recorded = null;
            for (var attempt = 0; attempt < 3 && recorded is not { Success: true }; attempt++)
            {
                recorded = await FfmpegOracle.RecordAsync(stream.ToString(), recording, TimeSpan.FromSeconds(seconds));
            }

            Assert.True(recorded is { Success: true }, "ffmpeg could not record the stream: " + string.Join('\n', recorded!.StandardError.TakeLast(10)));
            var decoded = await FfmpegOracle.DecodeAsync(recording);
            Assert.True(decoded.Success && string.IsNullOrWhiteSpace(decoded.Errors()), decoded.Errors());
            return await FFProbe.AnalyseAsync(recording);
        }
        finally
        {
            File.Delete(recording);
        }
    }
}
