using System.Net;
using System.Net.Sockets;
using SmartHomeCam.Cameras;

namespace SmartHomeCam.Rtsp.Tests;

/// <summary>Redirects, Basic auth, codecs, unreachable servers: the errors a capture session and the provider see.</summary>
public sealed class ClientBehaviourTests
{
    [Fact]
    public async Task A_redirect_is_followed()
    {
        await using var server = new FakeRtspServer { RedirectOld = true };
        await using var source = new RtspCameraSource(new RtspSourceOptions(new Uri($"rtsp://127.0.0.1:{server.Port}/old")));
        var tracks = await source.OpenAsync(CancellationToken.None);
        Assert.False(tracks.Video.ParameterSets.IsEmpty);
        Assert.Equal(1, server.Count("PLAY"));
    }

    [Fact]
    public async Task A_body_larger_than_the_first_read_buffer_is_read_whole()
    {
        // ~200 KB of DESCRIBE body: the connection grows its 80 KB read buffer to take it all, so what fails is the
        // SDP parser's own 64 KB cap, not the connection (which would read as "closed" or a protocol error).
        await using var server = new FakeRtspServer { SdpPadding = 200_000 };
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url) { Transport = RtspTransport.Tcp });
        var error = await Assert.ThrowsAsync<CameraSourceException>(async () => await source.OpenAsync(CancellationToken.None));
        Assert.Equal("The RTSP server sent no usable session description", error.Message);
        Assert.Equal(1, server.Count("DESCRIBE"));
    }

    [Fact]
    public async Task A_large_description_is_followed_by_media_over_tcp()
    {
        await using var server = new FakeRtspServer { SdpPadding = 60_000 };
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url) { Transport = RtspTransport.Tcp });
        var tracks = await source.OpenAsync(CancellationToken.None);
        Assert.False(tracks.Video.ParameterSets.IsEmpty);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var frames = 0;
        await foreach (var frame in source.ReadAsync(bound.Token))
        {
            Assert.False(frame.Data.IsEmpty);
            if (++frames == 30)
            {
                break;
            }
        }

        Assert.Equal(30, frames);
    }

    [Fact]
    public async Task Basic_auth_from_the_url_user_info()
    {
        await using var server = new FakeRtspServer { BasicCredentials = "admin:p@ss word" };
        var url = new Uri($"rtsp://admin:{Uri.EscapeDataString("p@ss word")}@127.0.0.1:{server.Port}/test");
        await using var source = new RtspCameraSource(new RtspSourceOptions(url));
        await source.OpenAsync(CancellationToken.None);
        Assert.Equal(1, server.Count("PLAY"));
    }

    [Fact]
    public async Task Basic_auth_refused_is_a_401()
    {
        await using var server = new FakeRtspServer { BasicCredentials = "admin:right" };
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url) { Credentials = new NetworkCredential("admin", "wrong") });
        var error = await Assert.ThrowsAsync<CameraSourceException>(async () => await source.OpenAsync(CancellationToken.None));
        Assert.Equal(401, Assert.IsType<RtspStatusException>(error.InnerException).StatusCode);
    }

    [Fact]
    public async Task H265_is_not_playable_on_cast()
    {
        await using var server = new FakeRtspServer { VideoEncoding = "H265" };
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url));
        var error = await Assert.ThrowsAsync<CameraSourceException>(async () => await source.OpenAsync(CancellationToken.None));
        Assert.IsType<RtspUnsupportedCodecException>(error.InnerException);
        Assert.Contains("not playable on Cast", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Count("SETUP"));
    }

    [Fact]
    public async Task A_closed_port_is_unreachable()
    {
        var port = GstRtspServer.FreePort();
        await using var source = new RtspCameraSource(new RtspSourceOptions(new Uri($"rtsp://127.0.0.1:{port}/x")));
        var error = await Assert.ThrowsAsync<CameraSourceException>(async () => await source.OpenAsync(CancellationToken.None));
        Assert.IsType<SocketException>(error.InnerException);
        Assert.Contains("unreachable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var source = new RtspCameraSource(new RtspSourceOptions(new Uri($"rtsp://127.0.0.1:{port}/x")) { RequestTimeout = TimeSpan.FromMilliseconds(500) });
        var error = await Assert.ThrowsAsync<CameraSourceException>(async () => await source.OpenAsync(CancellationToken.None));
        Assert.IsType<TimeoutException>(error.InnerException);
    }
}
