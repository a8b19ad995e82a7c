using System.Buffers;

namespace SmartHomeCam.Media.Hls;

/// <summary>
/// A published segment's bytes in a pooled array, reference-counted: the segmenter holds one reference while the
/// segment is retained, each reader one while it sends it. The last release returns the array to the pool, exactly
/// once; after that nobody can acquire it again.
/// </summary>
public sealed class SegmentBytes
{
    private readonly int length;
    private readonly bool pooled;
    private byte[]? array;
    private int references = 1;

    internal SegmentBytes(byte[] array, int length, bool pooled = true)
    {
        this.array = array;
        this.length = length;
        this.pooled = pooled;
    }

    public int Length => length;

    /// <summary>The bytes; valid only while the caller holds a reference (or the segment is in a window it reads).</summary>
    public ReadOnlyMemory<byte> Memory => array is { } held ? held.AsMemory(0, length) : ReadOnlyMemory<byte>.Empty;

    /// <summary>Whether the array went back to the pool (tests).</summary>
    internal bool IsReleased => Volatile.Read(ref references) == 0;

    /// <summary>Adds a reference; false when the bytes were already released.</summary>
    public bool TryAcquire()
    {
        var current = Volatile.Read(ref references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Drops a reference; the last one returns the array to the pool.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref references);
        if (left == 0)
        {
            var returned = Interlocked.Exchange(ref array, null);
            if (pooled && returned is { Length: > 0 })
            {
                ArrayPool<byte>.Shared.Return(returned);
            }
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("Segment bytes released more often than acquired");
        }
    }
}
