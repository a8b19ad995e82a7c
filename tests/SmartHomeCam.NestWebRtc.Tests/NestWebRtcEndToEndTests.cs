using SmartHomeCam.Testing;
using Xunit.Abstractions;

namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>
/// The real server (production composition root, real sockets) with a Nest account whose only camera speaks WEB_RTC,
/// aiortc playing Google's peer behind the fake SDM: SYNC → EXECUTE → HLS in hls.js, shaka-player and ffmpeg; and
/// the session's end: <c>StopWebRtcStream</c> with its own media session id when nobody watches and at shutdown.
/// </summary>
[Collection(AiortcGroup.Name)]
public sealed class NestWebRtcEndToEndTests(AiortcFixture aiortc, ITestOutputHelper output)
{
    [Fact]
    public async Task A_webrtc_only_camera_is_synced_video_only_and_its_hls_url_plays_in_hls_js_and_shaka_and_decodes_with_ffmpeg()
    {
        aiortc.Peer.DropRate = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var s = await NestWebRtcServer.StartAsync(aiortc.Peer);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: server up, Nest and Google linked");
        var device = (await s.SyncAsync())[NestWebRtcServer.CameraName];
        Assert.Contains("WebRTC, video only", device.GetProperty("deviceInfo").GetProperty("model").GetString(), StringComparison.Ordinal);
        Assert.Contains("action.devices.traits.CameraStream", device.GetProperty("traits").EnumerateArray().Select(t => t.GetString()));
        var url = await s.ExecuteAsync(device.GetProperty("id").GetString()!);
        await s.WaitForSegmentAsync(url, TimeSpan.FromSeconds(30));
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: first segment listed");

        await using var chromium = await PlayerBrowser.StartAsync();
        foreach (var player in new[] { "hls", "shaka" })
        {
            var (name, errors, played) = await chromium.PlayAsync(player, url, 2);
            output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: {name} played to {played:0.0} s");
            Assert.True(errors.Length == 0, $"{name}: {string.Join("; ", errors)}");
            Assert.True(played >= 2, $"{name} reached only {played:0.0} s");
        }

        var decode = await FfmpegOracle.DecodeAsync(url.ToString(), TimeSpan.FromSeconds(3));
        Assert.True(decode.Success && string.IsNullOrWhiteSpace(decode.Errors()), decode.Errors());
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: ffmpeg decoded 3 s");

        // Three viewers, one capture session, one Google media session, connected over WebRTC and still running.
        Assert.Equal(1, s.Cloud.WebRtcGenerates);
        var session = Assert.Single(s.Cloud.WebRtcSessions);
        Assert.Equal(NestWebRtcServer.CameraId, session.DeviceId);
        Assert.False(session.Stopped);
        Assert.True(aiortc.Peer.Connected >= 1);
    }

    /// <summary>
    /// One server for both ends of a session (a server start costs seconds): the first stream is left unwatched until
    /// the idle timeout stops it, a second one is running when the host stops gracefully. Each Stop must name the
    /// media session it ends (the fake refuses any other id) and reach aiortc, which ends exactly that session.
    /// </summary>
    [Fact]
    public async Task Stop_webrtc_stream_names_the_session_when_it_goes_idle_and_when_the_server_shuts_down()
    {
        aiortc.Peer.DropRate = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var s = await NestWebRtcServer.StartAsync(aiortc.Peer, new Dictionary<string, string?> { ["Streaming:IdleTimeout"] = "00:00:03" });
        var id = (await s.SyncAsync())[NestWebRtcServer.CameraName].GetProperty("id").GetString()!;
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: server up, Nest and Google linked");

        var url = await s.ExecuteAsync(id);
        await s.WaitForSegmentAsync(url, TimeSpan.FromSeconds(30));
        var idle = Assert.Single(s.Cloud.WebRtcSessions);
        Assert.False(idle.Stopped, "nothing stops a watched stream");
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: first stream plays");

        // Nobody fetches any more: after the idle timeout the capture session ends and stops Google's stream.
        await Poll.UntilAsync(() => idle.Stopped, TimeSpan.FromSeconds(30), "StopWebRtcStream after the idle timeout");
        Assert.Equal(1, s.Cloud.WebRtcStops); // one Stop, accepted by the fake only for the id it handed out
        Assert.Contains("idle for", s.Server.Logs.AllText, StringComparison.Ordinal);
        await Poll.UntilAsync(() => aiortc.Peer.Ended.ContainsKey(idle.Id), TimeSpan.FromSeconds(10), "aiortc ends the idle session");
        Assert.Equal("stopped", aiortc.Peer.Ended[idle.Id]);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: idle stream stopped");

        // A new viewer: a new Google session, then the host stops while it streams.
        url = await s.ExecuteAsync(id);
        await s.WaitForSegmentAsync(url, TimeSpan.FromSeconds(30));
        var running = Assert.Single(s.Cloud.WebRtcSessions, x => x.Id != idle.Id);
        Assert.False(running.Stopped);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: second stream plays");

        await s.StopServerAsync(); // the host's graceful stop: hosted services stop, capture sessions end
        Assert.True(running.Stopped, "StopWebRtcStream was sent before the server finished stopping");
        Assert.Equal(2, s.Cloud.WebRtcStops);
        await Poll.UntilAsync(() => aiortc.Peer.Ended.ContainsKey(running.Id), TimeSpan.FromSeconds(10), "aiortc ends the running session");
        Assert.Equal("stopped", aiortc.Peer.Ended[running.Id]);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: stopped at shutdown");
    }
}
