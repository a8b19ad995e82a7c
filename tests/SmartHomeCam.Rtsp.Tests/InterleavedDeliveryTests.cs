namespace SmartHomeCam.Rtsp.Tests;

/// <summary>
/// Interleaved media over the RTSP connection: every frame comes through, in order, with its own RTP-derived
/// timestamp across the RTP clock's wrap, while the control exchange (keep-alive answers) runs on the same
/// connection.
/// </summary>
public class InterleavedDeliveryTests
{
    [Fact]
    public async Task Every_frame_arrives_in_order_with_its_timestamp_while_keep_alives_are_answered()
    {
        // The fake stamps frames 3,600 ticks apart from just below the 32-bit wrap, and its session times out in 2 s.
        await using var server = new FakeRtspServer { SessionTimeoutSeconds = 2 };
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url) { Transport = RtspTransport.Tcp });
        await source.OpenAsync(CancellationToken.None);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var pts = new List<long>();
        await foreach (var frame in source.ReadAsync(bound.Token))
        {
            pts.Add(frame.Pts);
            if (pts.Count == 75)
            {
                break;
            }
        }

        Assert.All(pts.Zip(pts.Skip(1)), pair => Assert.Equal(3600, pair.Second - pair.First)); // none lost, reordered or repeated
        Assert.True(source.Statistics.KeepAlivesSent >= 1, $"{source.Statistics.KeepAlivesSent} keep-alives answered");
        Assert.Equal(0, source.Statistics.FramesDropped);
    }
}
