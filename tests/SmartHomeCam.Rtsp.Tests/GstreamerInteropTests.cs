using System.Buffers;
using System.Net;
using FFMpegCore;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;
using SmartHomeCam.Media.Ts;
using SmartHomeCam.Testing;
using Xunit.Abstractions;

namespace SmartHomeCam.Rtsp.Tests;

/// <summary>Our client against GStreamer's RTSP server: TCP and UDP, with and without Digest, H.264 + AAC.</summary>
public sealed class GstreamerInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wanted = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData(RtspTransport.Tcp, false)]
    [InlineData(RtspTransport.Udp, false)]
    [InlineData(RtspTransport.Tcp, true)]
    [InlineData(RtspTransport.Udp, true)]
    public async Task Frames_decode_with_audio_and_timestamps_follow_rtp(RtspTransport transport, bool digest)
    {
        string[] auth = digest ? ["--user", "viewer", "--password", "s3cret pass"] : [];
        await using var server = await GstRtspServer.StartAsync([.. auth, "--audio", "--fps", "25"]);
        var options = new RtspSourceOptions(server.Url)
        {
            Transport = transport,
            Credentials = digest ? new NetworkCredential("viewer", "s3cret pass") : null,
        };

        var source = new RtspCameraSource(options);
        await using (source)
        {
            var tracks = await source.OpenAsync(CancellationToken.None);
            Assert.NotNull(tracks.Audio);
            Assert.Equal(44100, tracks.Audio.SampleRate);
            Assert.False(tracks.Video.ParameterSets.IsEmpty); // GStreamer puts sprop-parameter-sets in the SDP

            var (ts, videoFrames, audioFrames, firstVideo, lastVideo, startedWall, endedWall, muxedSeconds) = await CollectAsync(source, tracks, Wanted);

            // Timestamps follow RTP: 25 fps → 3600 ticks a frame, and media time tracks wall time.
            Assert.True(videoFrames >= 50, $"{videoFrames} video frames");
            Assert.True(audioFrames >= 80, $"{audioFrames} audio frames");
            var mediaSeconds = (lastVideo - firstVideo) / 90_000.0;
            Assert.InRange(mediaSeconds / (videoFrames - 1) * 25, 0.9, 1.1);
            Assert.InRange(mediaSeconds, (endedWall - startedWall).TotalSeconds - 1.5, (endedWall - startedWall).TotalSeconds + 1.0);

            var path = ExternalTool.TempFile(".ts");
            try
            {
                await File.WriteAllBytesAsync(path, ts);
                var probe = await FFProbe.AnalyseAsync(path);
                Assert.NotNull(probe.PrimaryVideoStream);
                Assert.Equal("h264", probe.PrimaryVideoStream.CodecName);
                Assert.Equal(320, probe.PrimaryVideoStream.Width);
                Assert.NotNull(probe.PrimaryAudioStream);
                Assert.Equal("aac", probe.PrimaryAudioStream.CodecName);
                // ffprobe's duration spans both tracks: audio can run ahead of video (the server's video encoder
                // lags under load), so compare with the span we muxed, not the video's alone.
                Assert.InRange(probe.Duration.TotalSeconds, muxedSeconds - 0.5, muxedSeconds + 0.5);

                // Every frame decodes: ffmpeg reports no decoding errors.
                var decode = await FfmpegOracle.DecodeAsync(path);
                Assert.True(decode.Success && string.IsNullOrWhiteSpace(decode.Errors()), decode.Errors());
            }
            finally
            {
                File.Delete(path);
            }

            Assert.True(source.Statistics.PacketsReceived > 50);
            Assert.Equal(0, source.Statistics.MalformedPackets);
        }

        await server.WaitForAsync("TEARDOWN");
    }

    [Fact]
    public async Task Wrong_password_is_a_401_status()
    {
        await using var server = await GstRtspServer.StartAsync("--user", "viewer", "--password", "right");
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.UrlWithCredentials("viewer", "wrong")));
        var error = await Assert.ThrowsAsync<CameraSourceException>(async () => await source.OpenAsync(CancellationToken.None));
        var status = Assert.IsType<RtspStatusException>(error.InnerException);
        Assert.Equal(401, status.StatusCode);
    }

    [Fact]
    public async Task In_band_parameter_sets_only_still_decode()
    {
        await using var server = await GstRtspServer.StartAsync("--config-interval", "-1");
        await using var source = new RtspCameraSource(new RtspSourceOptions(server.Url));
        var tracks = await source.OpenAsync(CancellationToken.None);
        var (ts, videoFrames, _, _, _, _, _, _) = await CollectAsync(source, tracks, TimeSpan.FromSeconds(2), output);
        Assert.True(videoFrames > 20);
        var path = ExternalTool.TempFile(".ts");
        try
        {
            await File.WriteAllBytesAsync(path, ts);
            var decode = await FfmpegOracle.DecodeAsync(path);
            Assert.True(decode.Success && string.IsNullOrWhiteSpace(decode.Errors()), decode.Errors());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Reads until the video has <paramref name="wanted"/> of media, muxing everything to TS as HLS would.</summary>
    internal static async Task<(byte[] Ts, int Video, int Audio, long FirstVideo, long LastVideo, DateTime Started, DateTime Ended, double MuxedSeconds)> CollectAsync(
        RtspCameraSource source, MediaTracks tracks, TimeSpan wanted, ITestOutputHelper? log = null)
    {
        var muxer = new TsMuxer(tracks);
        var output = new ArrayBufferWriter<byte>();
        muxer.WriteTables(output);
        int video = 0, audio = 0;
        long first = -1, last = 0;
        long earliest = long.MaxValue, latest = long.MinValue; // any track, as muxed
        var started = DateTime.UtcNow;
        using var timeout = new CancellationTokenSource(wanted + TimeSpan.FromSeconds(20));
        await foreach (var frame in source.ReadAsync(timeout.Token))
        {
            log?.WriteLine($"{frame.Kind} pts={frame.Pts} key={frame.IsKeyframe} len={frame.Data.Length} disc={frame.Discontinuity}");
            if (frame.Kind == MediaKind.Video)
            {
                if (first < 0)
                {
                    Assert.True(frame.IsKeyframe, "the first frame is an IDR");
                    first = frame.Pts;
                    started = DateTime.UtcNow;
                }

                Assert.True(frame.Pts >= last, "video timestamps rise");
                last = frame.Pts;
                earliest = Math.Min(earliest, frame.Pts);
                latest = Math.Max(latest, frame.Pts);
                video++;
                muxer.WriteVideo(output, frame.Data.Span, frame.Pts, frame.Dts, frame.IsKeyframe);
                if (last - first >= wanted.TotalSeconds * 90_000)
                {
                    break;
                }
            }
            else if (first >= 0)
            {
                audio++;
                earliest = Math.Min(earliest, frame.Pts);
                latest = Math.Max(latest, frame.Pts);
                muxer.WriteAudio(output, frame.Data.Span, frame.Pts);
            }
        }

        return (output.WrittenSpan.ToArray(), video, audio, first, last, started, DateTime.UtcNow, first < 0 ? 0 : (latest - earliest) / 90_000.0);
    }
}
