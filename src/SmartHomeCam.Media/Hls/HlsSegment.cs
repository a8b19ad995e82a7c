namespace SmartHomeCam.Media.Hls;

/// <summary>
/// A finished MPEG-TS segment: starts with PAT/PMT and an IDR; immutable once published. Its bytes live in a
/// pooled buffer while the segmenter retains it; a reader that sends them after looking them up in a window
/// holds them with <see cref="TryAcquire"/> / <see cref="Release"/>, since the segment may leave the window meanwhile.
/// </summary>
public sealed class HlsSegment
{
    private readonly SegmentBytes bytes;

    internal HlsSegment(long sequence, SegmentBytes bytes, double duration, bool discontinuity, long startDts)
    {
        Sequence = sequence;
        this.bytes = bytes;
        Duration = duration;
        Discontinuity = discontinuity;
        StartDts = startDts;
    }

    public long Sequence { get; }

    /// <summary>The segment's bytes: read them only while retained (in the current window) or acquired.</summary>
    public ReadOnlyMemory<byte> Data => bytes.Memory;

    public int Length => bytes.Length;

    public double Duration { get; }

    public bool Discontinuity { get; }

    public long StartDts { get; }

    /// <summary>Whether its buffer went back to the pool (tests).</summary>
    internal bool IsReleased => bytes.IsReleased;

    /// <summary>Keeps the bytes alive until <see cref="Release"/>; false when the segment is already gone.</summary>
    public bool TryAcquire() => bytes.TryAcquire();

    public void Release() => bytes.Release();
}
