using System.Diagnostics;

namespace SmartHomeCam.Rtsp.Tests;

/// <summary>
/// Batched receive (<see cref="RtspSourceOptions.ReceiveBatchInterval"/>): the connection reads once per period,
/// so frames arrive in bursts, yet every frame comes through, in order, with its own RTP-derived timestamp, and
/// the RTSP control exchange (keep-alive answers) still works on the same connection.
/// </summary>
public class ReceiveBatchingTests
{
    private const int Frames = 50; // 2 s at the fake's 25 fps

    [Fact]
    public async Task Batched_reads_deliver_every_frame_in_order_with_its_timestamp_in_bursts()
    {
        await using var server = new FakeRtspServer { SessionTimeoutSeconds = 2 };
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url)
        {
            Transport = RtspTransport.Tcp,
            ReceiveBatchInterval = TimeSpan.FromMilliseconds(250),
        });
        await source.OpenAsync(CancellationToken.None);
        var (pts, arrivals) = await ReadAsync(source);

        // The fake stamps frames 3,600 ticks apart (wrapping RTP time): none lost, none reordered, none repeated.
        Assert.All(pts.Zip(pts.Skip(1)), pair => Assert.Equal(3600, pair.Second - pair.First));

        // At 25 fps a 250 ms period gathers ~6 frames per read: far fewer arrival bursts than frames.
        var bursts = 1 + arrivals.Zip(arrivals.Skip(1)).Count(pair => pair.Second - pair.First > TimeSpan.FromMilliseconds(60));
        Assert.InRange(bursts, 1, Frames / 3);

        // The control exchange still runs while media is batched: keep-alives (every second here) are answered.
        Assert.True(source.Statistics.KeepAlivesSent >= 1, $"{source.Statistics.KeepAlivesSent} keep-alives answered");
        Assert.Equal(0, source.Statistics.FramesDropped);
    }

    [Fact]
    public async Task Batching_can_be_turned_off_while_playing_and_no_frame_is_lost_at_the_switch()
    {
        await using var server = new FakeRtspServer();
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url)
        {
            Transport = RtspTransport.Tcp,
            ReceiveBatchInterval = TimeSpan.FromMilliseconds(250),
        });
        await source.OpenAsync(CancellationToken.None);
        Assert.Equal(TimeSpan.FromMilliseconds(250), source.ReceiveBatchInterval);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var pts = new List<long>();
        await foreach (var frame in source.ReadAsync(bound.Token))
        {
            pts.Add(frame.Pts);
            if (pts.Count == Frames / 2)
            {
                source.ReceiveBatchInterval = TimeSpan.Zero; // e.g. a low-latency viewer attached
            }

            if (pts.Count == Frames)
            {
                break;
            }
        }

        Assert.Equal(TimeSpan.Zero, source.ReceiveBatchInterval);
        Assert.All(pts.Zip(pts.Skip(1)), pair => Assert.Equal(3600, pair.Second - pair.First));
    }

    private static async Task<(List<long> Pts, List<TimeSpan> Arrivals)> ReadAsync(RtspCameraSource source)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        var pts = new List<long>();
        var arrivals = new List<TimeSpan>();
        await foreach (var frame in source.ReadAsync(bound.Token))
        {
            pts.Add(frame.Pts);
            arrivals.Add(clock.Elapsed);
            if (pts.Count == Frames)
            {
                break;
            }
        }

        return (pts, arrivals);
    }
}
