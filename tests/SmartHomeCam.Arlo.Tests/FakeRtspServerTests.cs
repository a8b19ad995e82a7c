using System.Net;
using System.Net.Sockets;
using System.Text;
using SmartHomeCam.Fakes.Rtsp;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Arlo.Tests;

/// <summary>The fake RTSP camera checked with ffprobe/ffmpeg as clients: what it serves, how, and the Arlo rules.</summary>
public sealed class FakeRtspServerTests(FakeRtspFixture clips) : IClassFixture<FakeRtspFixture>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Ffprobe_sees_H264_and_AAC_over_either_transport(string transport)
    {
        await using var server = FakeRtspServer.Start(new FakeRtspServerOptions { Media = clips.Media });

        var probe = await FfmpegClient.ProbeAsync(server.Url, ToolTimeout, transport);

        Assert.True(probe.ExitCode == 0, probe.Stderr);
        var video = Assert.Single(probe.Analysis!.VideoStreams);
        Assert.Equal("h264", video.CodecName);
        Assert.Equal(640, video.Width);
        var audio = Assert.Single(probe.Analysis.AudioStreams);
        Assert.Equal("aac", audio.CodecName);
        Assert.Equal(48000, audio.SampleRateHz);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Ffmpeg_decodes_paced_video_and_tears_down(string transport)
    {
        await using var server = FakeRtspServer.Start(new FakeRtspServerOptions { Media = clips.Media });

        var run = await FfmpegClient.DecodeAsync(server.Url, TimeSpan.FromSeconds(3), ToolTimeout, "-rtsp_transport " + transport);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var frames = FramesDecoded(run.Stderr);
        Assert.InRange(frames, 60, 90); // 3 s at 25 fps
        Assert.True(run.Elapsed >= TimeSpan.FromSeconds(2.5), $"3 s of media took {run.Elapsed}: not paced in real time");
        await Poll.UntilAsync(() => server.Counters.OpenStreams == 0, TimeSpan.FromSeconds(10), "stream closed");
        Assert.Equal(1, server.Counters.Teardowns);
        Assert.Equal(FakeRtspEndReason.Teardown, Assert.Single(server.Counters.Ends).Reason);
        Assert.True(server.Counters.SenderReports > 0);
    }

    [Fact]
    public async Task Digest_auth_admits_the_right_credentials_only()
    {
        await using var server = FakeRtspServer.Start(new FakeRtspServerOptions
        {
            Media = clips.Media,
            Credentials = new NetworkCredential("cam", "s3cret"),
        });
        var url = server.Url;

        var anonymous = await FfmpegClient.ProbeAsync(url, ToolTimeout);
        var wrong = await FfmpegClient.ProbeAsync(new Uri($"rtsp://cam:nope@{url.Authority}{url.AbsolutePath}"), ToolTimeout);
        var right = await FfmpegClient.ProbeAsync(new Uri($"rtsp://cam:s3cret@{url.Authority}{url.AbsolutePath}"), ToolTimeout);

        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Contains("401", anonymous.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.True(right.ExitCode == 0, right.Stderr);
    }

    [Fact]
    public async Task Serves_rtsps_with_a_certificate_from_the_test_CA()
    {
        using var ca = new TestCertificateAuthority();
        using var certificate = ca.IssueServerCertificate("localhost", "127.0.0.1");
        await using var server = FakeRtspServer.Start(new FakeRtspServerOptions { Media = clips.Media, Certificate = certificate });

        var probe = await FfmpegClient.ProbeAsync(server.Url, ToolTimeout, "tcp");

        Assert.StartsWith("rtsps://", server.Url.ToString(), StringComparison.Ordinal);
        Assert.True(probe.ExitCode == 0, probe.Stderr);
        Assert.Contains(probe.Analysis!.VideoStreams, v => v.CodecName == "h264");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, ca.ValidationCallback);
        await tls.AuthenticateAsClientAsync("localhost");
        Assert.True(tls.IsAuthenticated);
    }

    [Fact]
    public async Task The_validator_answers_for_an_unknown_token_and_the_deadline_cuts_the_session()
    {
        await using var server = FakeRtspServer.Start(new FakeRtspServerOptions
        {
            Media = clips.Media,
            RequestValidator = (_, url) => url.Query.Contains("auth=good", StringComparison.Ordinal) ? 200 : 404,
            SessionDeadline = _ => DateTimeOffset.UtcNow.AddSeconds(3),
        });

        var refused = await FfmpegClient.ProbeAsync(server.UrlFor("/live?auth=bad"), ToolTimeout);
        var cut = await FfmpegClient.DecodeAsync(server.UrlFor("/live?auth=good"), TimeSpan.FromSeconds(30), ToolTimeout, "-rtsp_transport tcp");

        Assert.Contains("404", refused.Stderr, StringComparison.Ordinal);
        Assert.True(cut.Elapsed < TimeSpan.FromSeconds(25), $"ffmpeg ran {cut.Elapsed}: the deadline did not cut it");
        await Poll.UntilAsync(() => server.Counters.Ends.Count > 0, TimeSpan.FromSeconds(10), "stream ended");
        Assert.True(FramesDecoded(cut.Stderr) > 25, cut.Stderr);
        Assert.Equal(FakeRtspEndReason.Deadline, Assert.Single(server.Counters.Ends).Reason);
    }

    [Fact]
    public async Task Arlo_rule_cuts_ffmpeg_after_about_six_seconds_of_missing_receiver_reports()
    {
        await using var server = FakeRtspServer.Start(FakeRtspServerOptions.Arlo(clips.LowRate));

        var run = await FfmpegClient.DecodeAsync(server.Url, TimeSpan.FromSeconds(40), ToolTimeout, "-rtsp_transport udp -timeout 3000000");

        var end = Assert.Single(server.Counters.Ends);
        Assert.Equal(FakeRtspEndReason.ReceiverReportTimeout, end.Reason);
        Assert.InRange(end.Duration, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(35), $"ffmpeg ran {run.Elapsed}");
        Assert.True(server.Counters.ReceiverReports >= 1, "ffmpeg's first (punch) RR armed the rule");
        Assert.Equal(0, server.Counters.OpenStreams);
    }

    [Fact]
    public async Task A_client_killed_without_teardown_leaves_an_orphan_that_streams_to_nobody_until_torn_down()
    {
        var options = FakeRtspServerOptions.Arlo(clips.Media);
        await using var server = FakeRtspServer.Start(new FakeRtspServerOptions
        {
            Media = clips.Media,
            OrphanLinger = options.OrphanLinger,
            SingleSession = true,
        });
        await using (var ffmpeg = FfmpegClient.Start(server.Url, "udp"))
        {
            await Poll.UntilAsync(() => server.Counters.RtpPackets > 50, TimeSpan.FromSeconds(30), "ffmpeg playing");
            await ffmpeg.KillAsync();
        }

        await Poll.UntilAsync(() => server.Counters.PacketsToNobody > 50, TimeSpan.FromSeconds(20), "packets sent to nobody");
        Assert.Equal(1, server.Counters.OpenStreams);
        var second = await FfmpegClient.ProbeAsync(server.Url, ToolTimeout, "udp");
        Assert.NotEqual(0, second.ExitCode); // the orphan blocks the camera (one reader)

        var sessionId = Assert.Single(server.SessionIds);
        var reply = await RawRequestAsync(server, $"TEARDOWN {server.Url} RTSP/1.0\r\nCSeq: 1\r\nSession: {sessionId}\r\n\r\n");

        Assert.StartsWith("RTSP/1.0 200", reply, StringComparison.Ordinal);
        await Poll.UntilAsync(() => server.Counters.OpenStreams == 0, TimeSpan.FromSeconds(10), "orphan torn down");
        Assert.True(Assert.Single(server.Counters.Ends).Orphaned);
    }

    [Fact]
    public async Task Garbage_on_the_control_connection_costs_only_that_connection()
    {
        await using var server = FakeRtspServer.Start(new FakeRtspServerOptions { Media = clips.Media });
        var random = new Random(8);
        for (var i = 0; i < 200; i++)
        {
            var junk = new byte[random.Next(60, 600)];
            random.NextBytes(junk);
            if (i % 3 == 0)
            {
                Encoding.ASCII.GetBytes("DESCRIBE x RTSP/1.0\r\nContent-Length: 99999\r\n\r\n").CopyTo(junk, 0);
            }

            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
            await tcp.GetStream().WriteAsync(junk.AsMemory(0, junk.Length));
        }

        var reply = await RawRequestAsync(server, $"OPTIONS {server.Url} RTSP/1.0\r\nCSeq: 7\r\n\r\n");
        Assert.StartsWith("RTSP/1.0 200", reply, StringComparison.Ordinal);
        Assert.Contains("CSeq: 7", reply, StringComparison.Ordinal);
    }

    private static async Task<string> RawRequestAsync(FakeRtspServer server, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private static int FramesDecoded(string stderr)
    {
        var at = stderr.LastIndexOf("frame=", StringComparison.Ordinal);
        Assert.True(at >= 0, stderr);
        var digits = new string(stderr[(at + 6)..].TrimStart().TakeWhile(char.IsDigit).ToArray());
        return int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
    }
}
