using SmartHomeCam.Media.Hls;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Media.Tests;

/// <summary>Segments live in pooled buffers: returned exactly once, and never while a reader holds them.</summary>
public sealed class PooledSegmentTests
{
    private static async Task<List<MediaFrame>> FramesAsync() =>
        AccessUnits.Frames(await ExternalTool.MakeH264Async(160, 120, 25, 12, 5), 25).ToList();

    [Fact]
    public async Task A_segment_that_leaves_the_retained_window_is_returned_once_and_cannot_be_acquired_again()
    {
        var frames = await FramesAsync();
        var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(0.2), PlaylistSegments: 2, ExtraRetainedSegments: 1));
        var published = new List<HlsSegment>();
        segmenter.SegmentPublished += w => published.Add(w.Retained[^1]);
        foreach (var frame in frames)
        {
            segmenter.Write(frame);
        }

        var retained = segmenter.Window.Retained;
        Assert.True(published.Count > retained.Count + 5, $"{published.Count} published");
        Assert.All(retained, s => Assert.False(s.IsReleased));
        var gone = published.Where(s => !retained.Contains(s)).ToList();
        Assert.All(gone, s => Assert.True(s.IsReleased));
        Assert.All(gone, s => Assert.False(s.TryAcquire()));
        Assert.All(gone, s => Assert.True(s.Data.IsEmpty));
        Assert.Throws<InvalidOperationException>(() => gone[0].Release()); // a second return would hand one array out twice
    }

    [Fact]
    public async Task A_reader_holding_a_segment_keeps_its_bytes_after_it_leaves_the_window()
    {
        var frames = await FramesAsync();
        var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(0.2), PlaylistSegments: 2, ExtraRetainedSegments: 1));
        var written = 0;
        while (segmenter.Window.Segments.Count < 2)
        {
            segmenter.Write(frames[written++]);
        }

        var held = segmenter.Window.Segments[0];
        Assert.True(held.TryAcquire());
        var copy = held.Data.ToArray();
        foreach (var frame in frames.Skip(written))
        {
            segmenter.Write(frame); // many later segments, each in a buffer of the same pool
        }

        Assert.Null(segmenter.Window.Find(held.Sequence));
        Assert.False(held.IsReleased);
        Assert.Equal(copy, held.Data.ToArray());
        Assert.Equal(0x47, copy[0]); // a TS sync byte: the bytes were a segment, not an empty buffer

        held.Release();
        Assert.True(held.IsReleased);
        Assert.False(held.TryAcquire());
    }

    [Fact]
    public void Segment_bytes_go_back_to_the_pool_on_the_last_of_many_concurrent_releases()
    {
        for (var round = 0; round < 200; round++)
        {
            var bytes = new SegmentBytes(System.Buffers.ArrayPool<byte>.Shared.Rent(1024), 1000);
            var readers = 8;
            Parallel.For(0, readers, _ =>
            {
                if (bytes.TryAcquire())
                {
                    bytes.Release();
                }
            });

            Assert.False(bytes.IsReleased);
            Assert.Equal(1000, bytes.Memory.Length);
            bytes.Release();
            Assert.True(bytes.IsReleased);
            Assert.False(bytes.TryAcquire());
        }
    }
}
