using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SmartHomeCam.Media.Hls;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Media.Tests;

public partial class HlsSegmenterTests
{
    private static HlsSegmenter Segment(IEnumerable<MediaFrame> frames, double target = 1, int window = 30)
    {
        var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(target), window));
        foreach (var f in frames)
        {
            segmenter.Write(f);
        }

        return segmenter;
    }

    [Fact]
    public async Task Segments_start_on_idr_and_extinf_matches_their_real_duration_within_a_frame()
    {
        // GOP of 0.4 s with a 1 s target: cuts must land on the first IDR at or after 1 s (1.2 s).
        var frames = AccessUnits.Frames(await ExternalTool.MakeH264Async(320, 240, 25, 8, 10), 25);
        var segmenter = Segment(frames);
        var window = segmenter.Window;
        Assert.True(window.Segments.Count >= 5);
        var dir = WriteToDisk(window);
        try
        {
            foreach (var segment in window.Segments)
            {
                Assert.Equal(1.2, segment.Duration, 3);
                var path = Path.Combine(dir, $"seg{segment.Sequence}.ts");
                var packets = await FfmpegOracle.VideoPacketsAsync(path);
                Assert.True(packets[0].IsKey());
                var real = packets.Count / 25.0; // each frame lasts 1/25 s
                Assert.InRange(segment.Duration, real - 0.04, real + 0.04);
            }

            var decode = await FfmpegOracle.DecodeAsync(Path.Combine(dir, "live.m3u8"));
            Assert.True(decode.Success && decode.Errors().Length == 0, decode.Errors());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Playlist_is_a_sliding_live_window_with_relative_segment_uris()
    {
        var frames = AccessUnits.Frames(await ExternalTool.MakeH264Async(320, 240, 25, 12, 25), 25);
        var window = Segment(frames, window: 4).Window;
        var playlist = Encoding.UTF8.GetString(window.MediaPlaylist("seg", ".ts"));
        Assert.StartsWith("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n", playlist, StringComparison.Ordinal);
        Assert.DoesNotContain("#EXT-X-ENDLIST", playlist, StringComparison.Ordinal);
        Assert.Equal(4, SegmentLines().Count(playlist));
        Assert.Contains($"#EXT-X-MEDIA-SEQUENCE:{window.Segments[0].Sequence}\n", playlist, StringComparison.Ordinal);
        Assert.True(window.Segments[0].Sequence >= 6);
        Assert.Equal(window.Segments[^1].Sequence, window.Retained[^1].Sequence);
        Assert.True(window.Retained.Count > window.Segments.Count); // recent leavers still served
    }

    [Fact]
    public async Task Multivariant_playlist_declares_codec_resolution_and_bandwidth_from_the_stream()
    {
        var frames = AccessUnits.Frames(await ExternalTool.MakeH264Async(640, 360, 25, 3, 25, "-preset veryfast -profile:v high -level 3.1"), 25);
        var text = Encoding.UTF8.GetString(Segment(frames).Window.MultivariantPlaylist("live.m3u8"));
        var match = Regex.Match(text, "#EXT-X-STREAM-INF:BANDWIDTH=(\\d+),CODECS=\"avc1.64001F\",RESOLUTION=640x360\nlive.m3u8\n");
        Assert.True(match.Success, text);
        Assert.InRange(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), 10_000, 50_000_000);
    }

    [Fact]
    public async Task Source_restart_adds_a_discontinuity_and_its_sequence_counts_once_it_scrolls_out()
    {
        var clip = await ExternalTool.MakeH264Async(320, 240, 25, 4, 25);
        var first = AccessUnits.Frames(clip, 25);
        // The restarted source begins at a new, lower clock, as a reconnected camera would.
        var second = AccessUnits.Frames(clip, 25, startDts: 10).Select((f, i) => i == 0 ? f with { Discontinuity = true } : f).ToList();
        var segmenter = Segment(first.Concat(second), window: 3);
        var playlist = Encoding.UTF8.GetString(segmenter.Window.MediaPlaylist("seg", ".ts"));
        Assert.Contains("#EXT-X-DISCONTINUITY\n", playlist, StringComparison.Ordinal);

        // After more segments, the tag leaves the window and the discontinuity sequence records it.
        var third = AccessUnits.Frames(clip, 25, startDts: second[^1].Dts + 3600);
        foreach (var f in third)
        {
            segmenter.Write(f);
        }

        playlist = Encoding.UTF8.GetString(segmenter.Window.MediaPlaylist("seg", ".ts"));
        Assert.DoesNotContain("#EXT-X-DISCONTINUITY\n", playlist, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n", playlist, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frames_before_the_first_idr_and_frames_going_back_in_time_are_dropped()
    {
        var frames = AccessUnits.Frames(await ExternalTool.MakeH264Async(320, 240, 25, 3, 25), 25);
        var segmenter = new HlsSegmenter(HlsSegmenterOptions.Default);
        Assert.False(segmenter.Write(frames[1])); // P-frame first: nothing to decode it from
        Assert.True(segmenter.Write(frames[0]));
        Assert.True(segmenter.Write(frames[2]));
        Assert.False(segmenter.Write(frames[1])); // late duplicate
        Assert.Equal(2, segmenter.DroppedFrames);
    }

    [Fact]
    public async Task Random_and_truncated_input_never_throws_and_the_stream_stays_decodable()
    {
        var frames = AccessUnits.Frames(await ExternalTool.MakeH264Async(320, 240, 25, 6, 25), 25);
        var random = new Random(1234);
        var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(1), 30));
        long garbageDts = 0;
        foreach (var f in frames)
        {
            segmenter.Write(f);
            for (var k = 0; k < 3; k++)
            {
                var junk = new byte[random.Next(0, 3000)];
                random.NextBytes(junk);
                if (k == 1 && junk.Length > 8)
                {
                    junk[0] = 0;
                    junk[1] = 0;
                    junk[2] = 1; // looks like a NAL, is not one
                }

                // Garbage arrives with stale timestamps (dropped) or a truncated copy of a real frame.
                segmenter.Write(new MediaFrame(junk, garbageDts, garbageDts++, random.Next(4) == 0));
                var cut = f.Data[..random.Next(0, f.Data.Length)];
                segmenter.Write(new MediaFrame(cut, f.Dts - 1, f.Dts - 1, f.IsKeyframe));
            }
        }

        var window = segmenter.Window;
        Assert.True(window.Segments.Count >= 4);
        var dir = WriteToDisk(window);
        try
        {
            var decode = await FfmpegOracle.DecodeAsync(Path.Combine(dir, "live.m3u8"));
            Assert.Equal(0, decode.ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Pure_noise_fed_for_a_long_time_never_throws()
    {
        var random = new Random(42);
        var segmenter = new HlsSegmenter(HlsSegmenterOptions.Default);
        var buffer = new byte[4096];
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(0, buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (i % 3 == 0 && length > 5)
            {
                buffer[0] = 0;
                buffer[1] = 0;
                buffer[2] = 0;
                buffer[3] = 1;
                buffer[4] = (byte)(random.Next(2) == 0 ? 0x65 : 0x67);
            }

            segmenter.Write(new MediaFrame(buffer.AsMemory(0, length), i * 3600L, i * 3600L, random.Next(5) == 0, random.Next(500) == 0));
        }

        Assert.NotNull(segmenter.Window);
    }

    private static string WriteToDisk(HlsWindow window)
    {
        var dir = Path.Combine(Path.GetTempPath(), "shc-hls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        // Closed with ENDLIST on disk only, so ffmpeg reads it once instead of polling a live playlist forever.
        File.WriteAllText(Path.Combine(dir, "live.m3u8"), Encoding.UTF8.GetString(window.MediaPlaylist("seg", ".ts")) + "#EXT-X-ENDLIST\n");
        foreach (var s in window.Retained)
        {
            File.WriteAllBytes(Path.Combine(dir, $"seg{s.Sequence}.ts"), s.ToArray());
        }

        return dir;
    }

    [GeneratedRegex("^seg\\d+\\.ts$", RegexOptions.Multiline)]
    private static partial Regex SegmentLines();
}
