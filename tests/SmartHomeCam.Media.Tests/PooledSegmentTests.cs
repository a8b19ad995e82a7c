using SmartHomeCam.Media.Hls;

namespace SmartHomeCam.Media.Tests;

/// <summary>Segments in pooled blocks: returned exactly once, kept alive by a reader, bounded over a long run.</summary>
public class PooledSegmentTests
{
    private const int FrameBytes = 9_000; // ~1.8 Mbit/s at 25 fps: ~14 blocks per one-second segment

    [Fact]
    public void Blocks_in_use_stay_bounded_over_many_segments_and_all_return_on_dispose()
    {
        var pool = new SegmentBlockPool();
        var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(1), PlaylistSegments: 3, ExtraRetainedSegments: 1, BlockPool: pool));
        var frames = new FrameSource(seed: 7);
        long peak = 0;
        for (var i = 0; i < 25 * 200; i++)
        {
            Assert.True(segmenter.Write(frames.Next()));
            peak = Math.Max(peak, pool.Outstanding);
        }

        var window = segmenter.Window;
        Assert.True(window.Segments[^1].Sequence >= 190);
        Assert.Equal(4, window.Retained.Count);
        var blocksPerSegment = (int)Math.Ceiling(window.Retained.Max(s => s.Length) / (double)SegmentBlockPool.BlockSize);
        Assert.InRange(peak, 4 * blocksPerSegment, 6 * blocksPerSegment); // 4 retained + the open one, not 200
        Assert.InRange(pool.FreeBlocks, 1, 2 * blocksPerSegment); // recycled, not allocated anew

        segmenter.Dispose();
        Assert.Equal(0, pool.Outstanding);
        Assert.Empty(segmenter.Window.Retained);
        Assert.All(window.Retained, s => Assert.False(s.TryAcquire()));
    }

    [Fact]
    public void A_reader_holding_a_segment_keeps_its_bytes_while_it_leaves_the_window_and_newer_segments_reuse_blocks()
    {
        var pool = new SegmentBlockPool();
        var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(1), PlaylistSegments: 2, ExtraRetainedSegments: 0, BlockPool: pool));
        var frames = new FrameSource(seed: 11);
        for (var i = 0; i < 25 * 3; i++)
        {
            segmenter.Write(frames.Next());
        }

        var held = segmenter.Window.Segments[0];
        var expected = held.ToArray();
        Assert.True(held.TryAcquire());
        var outstandingWhileHeld = 0L;
        for (var i = 0; i < 25 * 10; i++)
        {
            segmenter.Write(frames.Next());
            outstandingWhileHeld = pool.Outstanding;
        }

        Assert.Null(segmenter.Window.Find(held.Sequence)); // long gone from the window ...
        Assert.True(held.IsAlive); // ... but still ours
        Assert.Equal(expected, Concatenate(held));
        Assert.All(expected.Chunk(188), p => Assert.Equal(0x47, p[0]));

        held.Release();
        Assert.False(held.IsAlive);
        Assert.False(held.TryAcquire());
        Assert.Equal(outstandingWhileHeld - Blocks(expected.Length), pool.Outstanding);
        Assert.Throws<ObjectDisposedException>(() => held.ToArray());
    }

    [Fact]
    public void Releasing_more_often_than_acquired_is_caught_and_returns_nothing_twice()
    {
        var pool = new SegmentBlockPool();
        var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(1), PlaylistSegments: 2, ExtraRetainedSegments: 0, BlockPool: pool));
        var frames = new FrameSource(seed: 3);
        for (var i = 0; i < 25 * 2 + 1; i++)
        {
            segmenter.Write(frames.Next());
        }

        var segment = segmenter.Window.Segments[0];
        Assert.True(segment.TryAcquire());
        segment.Release();
        segmenter.Dispose();
        var afterDispose = pool.Outstanding;
        Assert.Equal(0, afterDispose);
        Assert.Throws<InvalidOperationException>(segment.Release);
        Assert.Equal(afterDispose, pool.Outstanding);
    }

    [Fact]
    public async Task Readers_racing_the_window_never_see_recycled_bytes()
    {
        var pool = new SegmentBlockPool();
        var segmenter = new HlsSegmenter(new HlsSegmenterOptions(TimeSpan.FromSeconds(1), PlaylistSegments: 2, ExtraRetainedSegments: 0, BlockPool: pool));
        var frames = new FrameSource(seed: 5);
        using var stop = new CancellationTokenSource();
        var served = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var window = segmenter.Window;
                if (window.Segments.Count == 0 || !window.Segments[0].TryAcquire())
                {
                    continue;
                }

                var segment = window.Segments[0];
                try
                {
                    // The writer keeps producing segments meanwhile: had a block of ours gone back to the pool,
                    // a newer segment would be written over it between the two reads.
                    var marker = Concatenate(segment);
                    Thread.SpinWait(200);
                    Assert.Equal(marker, Concatenate(segment));
                    Interlocked.Increment(ref served);
                }
                finally
                {
                    segment.Release();
                }
            }
        })).ToList();

        // On a busy machine the readers may not even be scheduled while 60 s of frames are written, so write on
        // until they have read enough segments (bounded, so a reader that never runs fails the test below).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var i = 0; i < 25 * 60 || (Volatile.Read(ref served) < 50 && DateTime.UtcNow < deadline); i++)
        {
            segmenter.Write(frames.Next());
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.True(served >= 50, $"readers served only {served} segments");
        segmenter.Dispose();
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void The_writer_refuses_a_request_larger_than_a_block_and_gives_back_what_it_drops()
    {
        var pool = new SegmentBlockPool();
        var writer = new SegmentBufferWriter(pool);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.GetSpan(SegmentBlockPool.BlockSize + 1));
        for (var i = 0; i < 200; i++)
        {
            writer.GetSpan(188)[0] = 0x47;
            writer.Advance(188);
        }

        Assert.Equal(200 * 188, writer.WrittenCount);
        Assert.Equal(Blocks(200 * 188), pool.Outstanding);
        writer.Reset();
        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(0, writer.WrittenCount);
    }

    private static long Blocks(int bytes) => (bytes + SegmentBlockPool.BlockSize - 1) / SegmentBlockPool.BlockSize;

    private static byte[] Concatenate(HlsSegment segment)
    {
        var all = new List<byte>(segment.Length);
        foreach (var chunk in segment.Chunks)
        {
            all.AddRange(chunk);
        }

        return [.. all];
    }

    /// <summary>Synthetic 25 fps H.264-shaped access units (an IDR each second) with random payloads.</summary>
    private sealed class FrameSource(int seed)
    {
        private readonly Random random = new(seed);
        private long index;

        public MediaFrame Next()
        {
            var keyframe = index % 25 == 0;
            var data = new byte[FrameBytes + random.Next(0, 2000)];
            random.NextBytes(data);
            data[0] = 0;
            data[1] = 0;
            data[2] = 0;
            data[3] = 1;
            data[4] = keyframe ? (byte)0x65 : (byte)0x41;
            for (var i = 5; i < data.Length; i++)
            {
                if (data[i] < 2)
                {
                    data[i] = 2; // no start code inside the payload
                }
            }

            var dts = index++ * 3600;
            return new MediaFrame(data, dts, dts, keyframe);
        }
    }
}
