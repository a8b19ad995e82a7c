using System.Buffers;

namespace SmartHomeCam.Media.Hls;

/// <summary>
/// Where the segmenter writes the open segment: one pooled array, sized from the previous segment and grown by
/// doubling when a segment turns out bigger. Publishing detaches the array into the segment itself, so the
/// bytes are neither copied nor become garbage per segment, unless the array is over a quarter empty.
/// </summary>
internal sealed class SegmentWriter : IBufferWriter<byte>
{
    private const int MinimumCapacity = 16 * 1024;

    private byte[]? array;
    private int written;
    private int expected = MinimumCapacity;

    public int WrittenCount => written;

    public ReadOnlySpan<byte> WrittenSpan => array is null ? default : array.AsSpan(0, written);

    /// <summary>Starts a segment (drops whatever an unpublished one held).</summary>
    public void Reset()
    {
        written = 0;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (array is null || written + count > array.Length)
        {
            throw new InvalidOperationException("Advanced past the buffer");
        }

        written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint).AsMemory(written);

    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).AsSpan(written);

    /// <summary>Hands the written bytes over to a segment; the next segment starts in a new array of about this size.</summary>
    public SegmentBytes Detach()
    {
        if (array is not null && array.Length - written > array.Length / 4)
        {
            // The pool's arrays come in powers of two: a 550 KB segment would pin a 1 MB array. Such a segment gets
            // an exact copy instead, and this array stays here for the next segment.
            var exact = GC.AllocateUninitializedArray<byte>(written);
            array.AsSpan(0, written).CopyTo(exact);
            written = 0;
            return new SegmentBytes(exact, exact.Length, pooled: false);
        }

        var bytes = new SegmentBytes(array ?? [], written, pooled: true);
        // An eighth more than this one: the next segment of a steady stream fits without growing.
        expected = Math.Max(MinimumCapacity, written + (written / 8));
        array = null;
        written = 0;
        return bytes;
    }

    private byte[] Ensure(int sizeHint)
    {
        var needed = written + Math.Max(sizeHint, 1);
        if (array is null)
        {
            array = ArrayPool<byte>.Shared.Rent(Math.Max(needed, expected));
        }
        else if (needed > array.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, array.Length * 2));
            array.AsSpan(0, written).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(array);
            array = bigger;
        }

        return array;
    }
}
