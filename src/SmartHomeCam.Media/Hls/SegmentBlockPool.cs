namespace SmartHomeCam.Media.Hls;

/// <summary>
/// Fixed-size blocks that segments are written into. A block holds a whole number of 188-byte TS packets, so a
/// packet never straddles two blocks, and at 16 KB it stays off the large-object heap; a segment of any length
/// costs its bytes rounded up to one block, with no exact-size copy. The free list is bounded, so memory after
/// streams stop is capped at <see cref="MaxFreeBlocks"/> blocks.
/// </summary>
public sealed class SegmentBlockPool
{
    /// <summary>87 TS packets: the largest multiple of 188 under 16 KiB.</summary>
    public const int BlockSize = 87 * 188;

    private readonly Stack<byte[]> free = new();
    private readonly Lock gate = new();
    private long rented;
    private long returned;

    public SegmentBlockPool(int maxFreeBlocks = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFreeBlocks);
        MaxFreeBlocks = maxFreeBlocks;
    }

    /// <summary>The pool every segmenter uses unless its options name another.</summary>
    public static SegmentBlockPool Shared { get; } = new();

    public int MaxFreeBlocks { get; }

    /// <summary>Blocks handed out and not yet returned.</summary>
    public long Outstanding => Interlocked.Read(ref rented) - Interlocked.Read(ref returned);

    public int FreeBlocks
    {
        get
        {
            lock (gate)
            {
                return free.Count;
            }
        }
    }

    public byte[] Rent()
    {
        Interlocked.Increment(ref rented);
        lock (gate)
        {
            if (free.TryPop(out var block))
            {
                return block;
            }
        }

        return GC.AllocateUninitializedArray<byte>(BlockSize);
    }

    public void Return(byte[] block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Length != BlockSize)
        {
            throw new ArgumentException("Not a block of this pool", nameof(block));
        }

        Interlocked.Increment(ref returned);
        lock (gate)
        {
            if (free.Count < MaxFreeBlocks)
            {
                free.Push(block);
            }
        }
    }
}
