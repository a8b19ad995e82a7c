using FFMpegCore;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Rtsp.Tests;

/// <summary>
/// Plays a stream in hls.js or shaka-player inside Debian's Chromium (Testing's PlayerBrowser), and decodes a few seconds of it with ffmpeg through FFMpegCore. Shared by the RTSP and Arlo tests.
/// </summary>
public static class ChromiumPlayback
{
    /// <summary>Waits for playback to reach 1 s, then watches <paramref name="watch"/> of it.</summary>
    public static async Task<PlaybackResult> PlayAsync(Uri stream, string player, TimeSpan watch)
    {
        await using var browser = await PlayerBrowser.StartAsync();
        return await browser.WatchAsync(player, stream, watch);
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
