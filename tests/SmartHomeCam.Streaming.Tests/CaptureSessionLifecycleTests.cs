using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Streaming.Tests;

/// <summary>One session per camera, started on demand, released when idle, restarted after failures, stopped on shutdown.</summary>
public sealed class CaptureSessionLifecycleTests
{
    private static async Task<(FulfillmentServer Server, CountingCameraProvider Camera, string DeviceId)> StartAsync(
        string idleTimeout = "00:00:00.500", Action<CountingCameraProvider>? setup = null)
    {
        var camera = new CountingCameraProvider();
        setup?.Invoke(camera);
        var server = await FulfillmentServer.StartAsync(
            new Dictionary<string, string?> { ["Streaming:IdleTimeout"] = idleTimeout },
            services: s => s.AddSingleton<ICameraProvider>(camera));
        return (server, camera, (await server.DeviceIdsAsync())[CountingCameraProvider.Name]);
    }

    private static async Task<Uri> ExecuteAsync(FulfillmentServer f, string deviceId)
    {
        var (_, body) = await f.Client.PostAsync(FulfillmentClient.Execute(deviceId));
        return new Uri(JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0]
            .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
    }

    private static Task WaitUntilAsync(Func<bool> condition, int seconds = 10) => Poll.UntilAsync(condition, TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task Viewers_share_one_session_and_the_camera_is_connected_once()
    {
        var (f, camera, device) = await StartAsync("00:01:00");
        await using var _ = f;
        var first = await ExecuteAsync(f, device);
        var second = await ExecuteAsync(f, device);
        using var http = f.Server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(second)).StatusCode);
        Assert.Equal(1, camera.Opened); // one capture session serves both
    }

    [Fact]
    public async Task An_idle_session_releases_the_camera_and_a_later_fetch_restarts_it()
    {
        var (f, camera, device) = await StartAsync();
        await using var _ = f;
        var url = await ExecuteAsync(f, device);
        using var http = f.Server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);

        await WaitUntilAsync(() => camera.Released == 1);
        Assert.Equal(1, camera.Opened);

        // The token is still valid: the viewer comes back and the session starts again.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);
        Assert.Equal(2, camera.Opened);
    }

    [Fact]
    public async Task A_session_nobody_watches_stops_after_the_idle_timeout()
    {
        var (f, camera, device) = await StartAsync();
        await using var _ = f;
        await ExecuteAsync(f, device);
        await WaitUntilAsync(() => camera.Opened == 1 && camera.Released == 1);
    }

    [Fact]
    public async Task A_dropped_camera_connection_is_restarted_and_marked_as_a_discontinuity()
    {
        var (f, camera, device) = await StartAsync("00:01:00", c => c.FailFirstConnectionAfterFrames = 60);
        await using var _ = f;
        var url = await ExecuteAsync(f, device);
        using var http = f.Server.CreateClient();
        await WaitUntilAsync(() => camera.Opened >= 2);
        Assert.Equal(1, camera.Released);

        var playlist = "";
        await WaitUntilAsync(() =>
        {
            playlist = http.GetStringAsync(new Uri(url, StreamUrlShape.MediaPlaylistName)).GetAwaiter().GetResult();
            return playlist.Contains("#EXT-X-DISCONTINUITY\n", StringComparison.Ordinal) &&
                   playlist.Split("#EXT-X-DISCONTINUITY\n")[1].Contains(".ts", StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_cold_playlist_can_be_held_back_until_three_segments_exist()
    {
        await using var f = await FulfillmentServer.StartAsync(new Dictionary<string, string?> { ["Streaming:MinSegmentsBeforePlaylist"] = "3" });
        var device = (await f.DeviceIdsAsync())["Demo porch camera"];
        var url = await ExecuteAsync(f, device);
        using var http = f.Server.CreateClient();
        await http.GetStringAsync(url);
        var playlist = await http.GetStringAsync(new Uri(url, StreamUrlShape.MediaPlaylistName));
        Assert.True(playlist.Split('\n').Count(l => l.EndsWith(".ts", StringComparison.Ordinal)) >= 3, playlist);
    }

    [Fact]
    public async Task Shutdown_releases_every_camera()
    {
        var (f, camera, device) = await StartAsync("00:10:00");
        var url = await ExecuteAsync(f, device);
        using (var http = f.Server.CreateClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);
        }

        await f.DisposeAsync();
        Assert.Equal(camera.Opened, camera.Released);
    }
}
