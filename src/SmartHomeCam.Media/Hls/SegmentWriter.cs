using System.Buffers;

namespace SmartHomeCam.Media.Hls;

/// <summary>
/// Where the segmenter writes the open segment: one pooled array, sized from the previous segment and grown by
/// doubling when a segment turns out bigger. Publishing detaches the array into the segment itself, so the
/// bytes are never copied and no large array becomes garbage per segment.
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
        var bytes = new SegmentBytes(array ?? [], written);
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
