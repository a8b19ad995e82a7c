using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.EndToEnd.Tests;

/// <summary>
/// hls.js in headless Chromium finds, buffers and decodes the AAC track of the demo camera with sound, and
/// finds none on the video-only one.
/// </summary>
public sealed class AudioPlaybackTests
{
    [Theory]
    [InlineData("Demo camera", true)]
    [InlineData("Demo porch camera", false)]
    public async Task Hls_js_reports_an_audio_track_exactly_for_the_camera_with_sound(string camera, bool hasSound)
    {
        await using var f = await FulfillmentServer.StartAsync();
        await using var pages = await PlayerPageHost.StartAsync();
        var url = await StreamUrls.ExecuteAsync(f, camera);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(pages.BaseAddress, $"player.html?player=hls&src={Uri.EscapeDataString(url.ToString())}").ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('video').currentTime >= 2 || window.report.errors.length > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        var errors = await page.EvaluateAsync<string[]>("() => window.report.errors");
        Assert.True(errors.Length == 0, string.Join("; ", errors));
        // "type codec" per buffered track, e.g. "audio mp4a.40.2", "video avc1.64001f".
        var tracks = await page.EvaluateAsync<string[]>("() => window.report.tracks.map(t => t.type + ' ' + t.codec)");
        var manifestVideo = await page.EvaluateAsync<string>("() => (window.report.manifestCodecs || {}).video || ''");
        var manifestAudio = await page.EvaluateAsync<string>("() => (window.report.manifestCodecs || {}).audio || ''");
        // Chromium counts the bytes its audio decoder consumed: proof the sound is decoded, not only declared.
        var audioBytes = await page.EvaluateAsync<long>("() => document.getElementById('video').webkitAudioDecodedByteCount || 0");

        var listed = string.Join(", ", tracks);
        Assert.Contains(tracks, t => t.StartsWith("video avc1", StringComparison.Ordinal));
        Assert.StartsWith("avc1", manifestVideo, StringComparison.Ordinal);
        if (hasSound)
        {
            Assert.True(tracks.Any(t => t.StartsWith("audio mp4a.40", StringComparison.Ordinal)), listed);
            Assert.Equal("mp4a.40.2", manifestAudio);
            Assert.True(audioBytes > 0, "Chromium decoded no audio");
        }
        else
        {
            Assert.False(tracks.Any(t => t.StartsWith("audio", StringComparison.Ordinal)), listed);
            Assert.Equal("", manifestAudio);
            Assert.Equal(0, audioBytes);
        }
    }
}
