using System.Text.Json;
using FFMpegCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartHomeCam.Cameras;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Transcoding.Tests;

/// <summary>
/// An H.265 + Opus camera through the real server (EXECUTE → capture session → transcode fallback → HLS): ffprobe
/// sees H.264 High and AAC at the stream URL, and hls.js and shaka play it in headless Chromium.
/// </summary>
public sealed class TranscodedPlaybackTests : IAsyncLifetime
{
    private string clip = "";

    // Longer than start (1 s) + watch (6 s): the loop's seam (Opus and video end a few ms apart, a hole hls.js
    // stalls on and seeks over) stays outside the watched window; a real camera never loops.
    public async Task InitializeAsync() => clip = await TestClips.MakeHevcOpusAsync(12);

    public Task DisposeAsync()
    {
        File.Delete(clip);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ffprobe_sees_h264_high_and_aac_at_the_stream_url()
    {
        await using var server = await StartAsync();
        var url = await ExecuteAsync(server);

        var analysis = await FFProbe.AnalyseAsync(url);

        Assert.Equal("h264", analysis.PrimaryVideoStream?.CodecName);
        Assert.Equal("High", analysis.PrimaryVideoStream?.Profile);
        Assert.Equal(41, analysis.PrimaryVideoStream?.Level);
        Assert.Equal("aac", analysis.PrimaryAudioStream?.CodecName);
        Assert.Equal(48000, analysis.PrimaryAudioStream?.SampleRateHz);
    }

    [Theory]
    [InlineData("hls")]
    [InlineData("shaka")]
    public async Task Players_play_the_transcoded_stream_with_sound(string player)
    {
        await using var server = await StartAsync();
        await using var browser = await PlayerBrowser.StartAsync();
        var url = await ExecuteAsync(server);
        await using var liveEdge = new LiveEdgeWatcher(url);

        var watch = TimeSpan.FromSeconds(6);
        var result = await browser.WatchAsync(player, url, watch, startTimeout: TimeSpan.FromSeconds(45));
        var produced = liveEdge.ProducedDuring(watch);

        Assert.True(result.Errors.Length == 0, result.ToString());
        // A player keeps up with the live edge: 4 s in 6 s, or (when a starved machine slows the transcoder below
        // real time) all it was given but the last segment and a half.
        Assert.True(produced >= 2, $"the transcoder produced only {produced:0.00} s of media in 6 s: {result}");
        Assert.True(result.Advanced >= Math.Min(4, produced - 1.5), $"currentTime should advance ≥ 4 s in 6 s (the live edge advanced {produced:0.00} s): {result}");
        Assert.True(result.AudioBytes > 0, $"Chromium decoded no audio: {result}");
    }

    private Task<FulfillmentServer> StartAsync() =>
        FulfillmentServer.StartAsync(services: s => s.AddSingleton<ICameraProvider>(new TranscodedCameraProvider(clip)));

    private static async Task<Uri> ExecuteAsync(FulfillmentServer server)
    {
        var ids = await server.DeviceIdsAsync();
        var (status, body) = await server.Client.PostAsync(FulfillmentClient.Execute(ids[TranscodedCameraProvider.CameraName]));
        Assert.Equal(200, status);
        return new Uri(JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0]
            .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
    }
}
