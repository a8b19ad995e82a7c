using SmartHomeCam.Media.Hls;

namespace SmartHomeCam.Media.Tests;

/// <summary>
/// Retention per RFC 8216 §6.2.2: a segment stays servable while any playlist lists it, and after its removal for
/// its duration plus the longest playlist that listed it — and no longer, so memory is the minimum the RFC allows.
/// The expected set is recomputed here from the published windows alone (an independent model of the rule).
/// </summary>
public class HlsRetentionTests
{
    [Fact]
    public void Two_second_segments_in_a_six_segment_playlist_keep_exactly_what_the_rfc_requires()
    {
        var model = Run(playlistSegments: 6, gops: Enumerable.Repeat(50, 80));

        // 6 listed + those removed in the last 2 + 12 s = 7 more: 13, the minimum for this window.
        Assert.Equal(13, model.LastRetainedCount);
        Assert.True(model.Checked > 60);
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(6, 3)]
    public void Uneven_segments_are_never_dropped_early_and_always_dropped_once_due(int playlistSegments, int seed)
    {
        var random = new Random(seed);
        var model = Run(playlistSegments, Enumerable.Range(0, 200).Select(_ => random.Next(10, 90)));
        Assert.True(model.Checked > 100);
        Assert.InRange(model.LastRetainedCount, playlistSegments + 1, 4 * playlistSegments + 8);
    }

    [Fact]
    public void A_fixed_extra_count_still_overrides_the_time_rule()
    {
        var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(1), PlaylistSegments: 4, ExtraRetainedSegments: 1, BlockPool: new SegmentBlockPool()));
        var frames = new Frames();
        foreach (var gop in Enumerable.Repeat(25, 20))
        {
            frames.Gop(segmenter, gop);
        }

        Assert.Equal(5, segmenter.Window.Retained.Count);
        segmenter.Dispose();
    }

    /// <summary>Feeds GOPs of the given frame counts (25 fps) and checks every published window against the rule.</summary>
    private static Model Run(int playlistSegments, IEnumerable<int> gops)
    {
        var pool = new SegmentBlockPool();
        var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(1), playlistSegments, BlockPool: pool));
        var model = new Model();
        segmenter.SegmentPublished += model.Check;
        var frames = new Frames();
        foreach (var gop in gops)
        {
            frames.Gop(segmenter, gop);
        }

        model.LastRetainedCount = segmenter.Window.Retained.Count;
        segmenter.Dispose();
        Assert.Equal(0, pool.Outstanding);
        return model;
    }

    private sealed class Model
    {
        private readonly Dictionary<long, double> longestPlaylist = [];
        private readonly Dictionary<long, (double RemovedAt, double Duration)> removed = [];
        private HashSet<long> listedBefore = [];
        private double clock;

        public int Checked { get; private set; }

        public int LastRetainedCount { get; set; }

        public void Check(HlsWindow window)
        {
            clock += window.Segments[^1].Duration;
            var playlist = window.Segments.Sum(s => s.Duration);
            foreach (var s in window.Segments)
            {
                longestPlaylist[s.Sequence] = Math.Max(longestPlaylist.GetValueOrDefault(s.Sequence), playlist);
                Assert.Same(s, window.Find(s.Sequence)); // listed ⇒ servable
                Assert.True(s.IsAlive);
            }

            var listedNow = window.Segments.Select(s => s.Sequence).ToHashSet();
            foreach (var gone in listedBefore.Except(listedNow))
            {
                var segment = window.Find(gone);
                Assert.NotNull(segment); // just removed: must still be there
                removed[gone] = (clock, segment.Duration);
            }

            foreach (var (sequence, (removedAt, duration)) in removed)
            {
                var due = removedAt + duration + longestPlaylist[sequence];
                if (clock < due - 1e-6)
                {
                    Assert.True(window.Find(sequence) is { IsAlive: true }, $"segment {sequence} dropped at {clock:0.00} s, due at {due:0.00} s");
                }
                else if (clock > due + 1e-6)
                {
                    Assert.Null(window.Find(sequence)); // kept beyond the rule would be memory for nothing
                }
            }

            listedBefore = listedNow;
            Checked++;
        }
    }

    /// <summary>Tiny access units at 25 fps (3,600 ticks of 90 kHz); the first of each GOP an IDR.</summary>
    private sealed class Frames
    {
        private static readonly byte[] Idr = [0, 0, 0, 1, 0x65, 0x88, 0x84, 0x21];
        private static readonly byte[] Slice = [0, 0, 0, 1, 0x41, 0x9a, 0x02, 0x03];
        private long index;

        public void Gop(HlsSegmenter segmenter, int frames)
        {
            for (var i = 0; i < frames; i++)
            {
                var dts = index++ * 3600;
                Assert.True(segmenter.Write(new MediaFrame(i == 0 ? Idr : Slice, dts, dts, i == 0)));
            }
        }
    }
}
