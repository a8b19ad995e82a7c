using SmartHomeCam.Media;
using SmartHomeCam.Rtsp.Protocol;
using SmartHomeCam.Rtsp.Receive;

namespace SmartHomeCam.Rtsp.Tests;

/// <summary>
/// Playing sessions are drained by the shared receive ticker, not a wake-up per packet: frames still arrive in order
/// with rising timestamps, the read buffer stays small, and a stopped session leaves the ticker.
/// </summary>
public sealed class ReceiveTickerTests
{
    [Theory]
    [InlineData(RtspTransport.Tcp)]
    [InlineData(RtspTransport.Udp)]
    public async Task A_playing_session_is_read_on_the_ticker_and_leaves_it_when_disposed(RtspTransport transport)
    {
        await using var server = new FakeRtspServer();
        var source = new RtspCameraSource(new RtspSourceOptions(server.Url) { Transport = transport });
        try
        {
            await source.OpenAsync(CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var pts = new List<long>();
            await foreach (var frame in source.ReadAsync(timeout.Token))
            {
                Assert.Equal(MediaKind.Video, frame.Kind);
                pts.Add(frame.Pts);
                if (pts.Count == 30)
                {
                    break;
                }
            }

            Assert.True(pts.Zip(pts.Skip(1), (a, b) => b > a).All(rising => rising), "PTS rise frame by frame");
            if (transport == RtspTransport.Tcp)
            {
                Assert.True(source.Connection!.IsPolled);
                Assert.Equal(RtspConnection.InitialReadBufferBytes, source.Connection.ReadBufferBytes); // no 272 KB buffer for small packets
            }
            else
            {
                Assert.True(source.PollsUdp);
            }

            Assert.True(ReceiveTicker.RegisteredCount >= 1);
            Assert.Equal(0, source.Statistics.FramesDropped);
        }
        finally
        {
            await source.DisposeAsync();
        }

        Assert.False(source.PollsUdp);
        Assert.Null(source.Connection);
    }
}
