using SmartHomeCam.Media;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Rtsp.Tests;

/// <summary>RTCP receiver reports as the camera sees them: cadence within the option, real loss, jitter, LSR/DLSR.</summary>
public sealed class ReceiverReportTests
{
    [Theory]
    [InlineData(RtspTransport.Udp)]
    [InlineData(RtspTransport.Tcp)]
    public async Task Reports_arrive_at_the_configured_cadence_with_plausible_fields(RtspTransport transport)
    {
        var interval = TimeSpan.FromMilliseconds(600);
        await using var server = new FakeRtspServer { Drop = seq => seq % 20 == 7 };
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url) { Transport = transport, ReceiverReportInterval = interval });
        await source.OpenAsync(CancellationToken.None);
        using var reading = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in source.ReadAsync(reading.Token))
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        // Enough reports to see a few SRs answered and a few losses counted.
        await Poll.UntilAsync(() => server.ReceiverReports.Count(r => r.Blocks.Length > 0) >= 8, TimeSpan.FromSeconds(30), "8 receiver reports");
        var reports = server.ReceiverReports.Where(r => r.Blocks.Length > 0).ToList();

        // Cadence: consecutive RRs no further apart than the option plus scheduling slack on a loaded machine.
        var gaps = reports.Zip(reports.Skip(1), (a, b) => b.At - a.At).ToList();
        var sorted = gaps.Order().ToList();
        Assert.True(sorted[sorted.Count / 2] <= interval + TimeSpan.FromMilliseconds(150), $"median gap {sorted[sorted.Count / 2]}");
        Assert.True(sorted[^1] < interval * 3, $"max gap {sorted[^1]}");
        Assert.True(source.Statistics.MaxReceiverReportInterval < interval * 3);
        Assert.True(source.Statistics.ReceiverReportsSent >= 8);

        var last = reports[^1].Blocks[0];
        Assert.Equal(FakeRtspServer.ServerSsrc, last.Ssrc);
        Assert.True(last.CumulativeLost >= 1, $"lost {last.CumulativeLost}");
        Assert.Contains(reports, r => r.Blocks[0].FractionLost > 0);
        Assert.True(last.ExtendedHighestSequence >= 1000 + 20);
        Assert.True(last.Jitter < 90_000 / 2, $"jitter {last.Jitter}"); // under half a second on loopback

        // LSR echoes an SR we sent; DLSR is the time since, in 1/65536 s, below the SR interval plus slack.
        Assert.Contains(last.Lsr, server.SentLsrs);
        Assert.InRange(last.Dlsr / 65536.0, 0, 3.0);
        Assert.True(source.Statistics.SenderReportsReceived >= 1);
        Assert.True(source.Statistics.PacketsLost >= 1);

        await reading.CancelAsync();
        await reader;
    }

    [Fact]
    public async Task Keep_alive_uses_get_parameter_within_the_session_timeout()
    {
        await using var server = new FakeRtspServer { SessionTimeoutSeconds = 2 };
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url));
        await source.OpenAsync(CancellationToken.None);
        await Poll.UntilAsync(() => server.Count("GET_PARAMETER") >= 2, TimeSpan.FromSeconds(15), "two GET_PARAMETER keep-alives");
        Assert.True(source.Statistics.KeepAlivesSent >= 1);
    }

    [Fact]
    public async Task Keep_alive_falls_back_to_options()
    {
        await using var server = new FakeRtspServer { SessionTimeoutSeconds = 2, ListGetParameter = false };
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url));
        await source.OpenAsync(CancellationToken.None);
        await Poll.UntilAsync(() => server.Count("OPTIONS") >= 3, TimeSpan.FromSeconds(15), "OPTIONS keep-alives");
        Assert.Equal(0, server.Count("GET_PARAMETER"));
    }

    [Fact]
    public async Task Garbage_packets_are_counted_and_the_session_goes_on()
    {
        await using var server = new FakeRtspServer { GarbageEvery = 3 };
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url) { Transport = RtspTransport.Udp });
        await source.OpenAsync(CancellationToken.None);
        var frames = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var frame in source.ReadAsync(timeout.Token))
        {
            Assert.Equal(MediaKind.Video, frame.Kind);
            if (++frames == 40)
            {
                break;
            }
        }

        Assert.True(source.Statistics.MalformedPackets >= 5, $"{source.Statistics.MalformedPackets} malformed");
    }
}
