using System.Diagnostics;
using SmartHomeCam.Cameras;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Rtsp.Tests;

/// <summary>A battery camera is never left streaming: TEARDOWN on dispose, on cancellation, and bounded when the server is mute.</summary>
public sealed class TeardownTests
{
    [Theory]
    [InlineData(RtspTransport.Tcp)]
    [InlineData(RtspTransport.Udp)]
    public async Task Dispose_sends_teardown(RtspTransport transport)
    {
        await using var server = new FakeRtspServer();
        var source = new RtspCameraSource(new RtspSourceOptions(server.Url) { Transport = transport });
        await source.OpenAsync(CancellationToken.None);
        Assert.Equal(0, server.Count("TEARDOWN"));
        await source.DisposeAsync();
        Assert.Equal(1, server.Count("TEARDOWN"));
        await source.DisposeAsync(); // idempotent
        Assert.Equal(1, server.Count("TEARDOWN"));
    }

    [Fact]
    public async Task Cancelling_the_reader_sends_teardown_without_dispose()
    {
        await using var server = new FakeRtspServer();
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url));
        await source.OpenAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var frames = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in source.ReadAsync(cancel.Token))
            {
                if (++frames == 5)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        await Poll.UntilAsync(() => server.Count("TEARDOWN") == 1, TimeSpan.FromSeconds(10), "TEARDOWN after cancellation");
    }

    [Fact]
    public async Task A_mute_server_gets_teardown_and_dispose_returns_within_the_bound()
    {
        await using var server = new FakeRtspServer();
        var options = new RtspSourceOptions(server.Url) { TeardownTimeout = TimeSpan.FromSeconds(1) };
        var source = new RtspCameraSource(options);
        await source.OpenAsync(CancellationToken.None);
        server.StopAnswering = true;
        var clock = Stopwatch.StartNew();
        await source.DisposeAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"dispose took {clock.Elapsed}");
        Assert.Equal(1, server.Count("TEARDOWN"));
    }

    [Fact]
    public async Task Media_stopping_ends_the_reader_with_a_source_exception()
    {
        await using var server = new FakeRtspServer { Drop = seq => seq >= 1010 };
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url) { MediaTimeout = TimeSpan.FromSeconds(1) });
        await source.OpenAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<CameraSourceException>(async () =>
        {
            await foreach (var _ in source.ReadAsync(CancellationToken.None))
            {
            }
        });
        Assert.Contains("No media", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_open_tears_down_what_was_set_up()
    {
        await using var server = new FakeRtspServer();
        server.StopAnswering = false;
        var source = new RtspCameraSource(new RtspSourceOptions(server.Url));
        await source.OpenAsync(CancellationToken.None);
        server.StopAnswering = true; // the next request (TEARDOWN) hangs: dispose must still finish
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await source.DisposeAsync().AsTask().WaitAsync(timeout.Token);
    }

    [Fact]
    public async Task A_camera_that_vanished_after_play_still_disposes_cleanly()
    {
        var server = new FakeRtspServer();
        var source = new RtspCameraSource(new RtspSourceOptions(server.Url) { TeardownTimeout = TimeSpan.FromSeconds(2), MediaTimeout = TimeSpan.FromSeconds(1) });
        await source.OpenAsync(CancellationToken.None);
        await server.DisposeAsync(); // its connection closes and a new one is refused: TEARDOWN's reconnect fails

        await Assert.ThrowsAsync<CameraSourceException>(async () =>
        {
            await foreach (var _ in source.ReadAsync(CancellationToken.None))
            {
            }
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await source.DisposeAsync().AsTask().WaitAsync(timeout.Token); // no ObjectDisposedException from the dead connection
    }
}
