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
        await using var browser = await PlayerBrowser.StartAsync();
        var url = await StreamUrls.ExecuteAsync(f, camera);
        var page = await browser.OpenAsync("hls", url);
        await PlayerBrowser.WaitForPositionAsync(page, 2, TimeSpan.FromSeconds(30));

        var errors = await PlayerBrowser.ErrorsAsync(page);
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
