namespace SmartHomeCam.Media.Hls;

/// <summary>
/// A finished MPEG-TS segment: starts with PAT/PMT and an IDR; immutable once published. Its bytes sit in pooled
/// blocks (<see cref="SegmentBlockPool"/>) and are reference counted: the segmenter holds one reference while the
/// segment is retained, a reader takes its own with <see cref="TryAcquire"/> for as long as it reads
/// <see cref="Chunks"/>, and the blocks go back to the pool exactly once, when the last reference is released.
/// </summary>
public sealed class HlsSegment
{
    private readonly ArraySegment<byte>[] chunks;
    private readonly SegmentBlockPool pool;
    private int references = 1;

    internal HlsSegment(long sequence, ArraySegment<byte>[] chunks, SegmentBlockPool pool, double duration, bool discontinuity, long startDts)
    {
        Sequence = sequence;
        this.chunks = chunks;
        this.pool = pool;
        Duration = duration;
        Discontinuity = discontinuity;
        StartDts = startDts;
        foreach (var chunk in chunks)
        {
            Length += chunk.Count;
        }
    }

    public long Sequence { get; }

    public double Duration { get; }

    public bool Discontinuity { get; }

    public long StartDts { get; }

    /// <summary>Longest playlist (seconds) that has listed this segment so far (segmenter's thread only).</summary>
    internal double LongestPlaylist { get; set; }

    /// <summary>Media-clock time (seconds of published media) from which it may be dropped, once it left the playlist.</summary>
    internal double ExpiresAt { get; set; } = double.PositiveInfinity;

    /// <summary>Bytes in the segment.</summary>
    public int Length { get; }

    /// <summary>False once the last reference is gone (its blocks may already hold another segment).</summary>
    public bool IsAlive => Volatile.Read(ref references) > 0;

    /// <summary>
    /// The bytes in order, one piece per block. Read them only between a successful <see cref="TryAcquire"/> and
    /// its <see cref="Release"/>: afterwards the blocks may be reused.
    /// </summary>
    public ReadOnlySpan<ArraySegment<byte>> Chunks => chunks;

    /// <summary>Takes a reference for a reader; false when the segment has already been returned to the pool.</summary>
    public bool TryAcquire()
    {
        var seen = Volatile.Read(ref references);
        while (seen > 0)
        {
            var before = Interlocked.CompareExchange(ref references, seen + 1, seen);
            if (before == seen)
            {
                return true;
            }

            seen = before;
        }

        return false;
    }

    /// <summary>Drops a reference; the last one returns the blocks to the pool.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref references);
        if (left == 0)
        {
            foreach (var chunk in chunks)
            {
                pool.Return(chunk.Array!);
            }
        }
        else if (left < 0)
        {
            throw new InvalidOperationException($"Segment {Sequence} released more often than acquired");
        }
    }

    /// <summary>A copy of the bytes (tests, tools); throws when the segment is no longer alive.</summary>
    public byte[] ToArray()
    {
        if (!TryAcquire())
        {
            throw new ObjectDisposedException(nameof(HlsSegment), $"Segment {Sequence} has left the window");
        }

        try
        {
            var copy = GC.AllocateUninitializedArray<byte>(Length);
            var at = 0;
            foreach (var chunk in chunks)
            {
                chunk.AsSpan().CopyTo(copy.AsSpan(at));
                at += chunk.Count;
            }

            return copy;
        }
        finally
        {
            Release();
        }
    }
}
