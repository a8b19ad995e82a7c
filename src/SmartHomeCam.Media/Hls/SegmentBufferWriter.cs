using System.Buffers;

namespace SmartHomeCam.Media.Hls;

/// <summary>
/// The open segment: an <see cref="IBufferWriter{T}"/> over pooled blocks (TS packets are written 188 bytes at a
/// time, so a request never exceeds a block). <see cref="Detach"/> hands the filled parts of the blocks to a
/// finished segment; <see cref="Reset"/> gives them back to the pool.
/// </summary>
internal sealed class SegmentBufferWriter(SegmentBlockPool pool) : IBufferWriter<byte>
{
    private readonly List<ArraySegment<byte>> filled = [];
    private byte[]? current;
    private int used; // bytes written in current
    private int filledBytes;

    /// <summary>Bytes written since the last reset or detach.</summary>
    public int WrittenCount => filledBytes + used;

    public void Advance(int count)
    {
        if (count < 0 || current is null || used + count > current.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        used += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Current(sizeHint).AsMemory(used);

    public Span<byte> GetSpan(int sizeHint = 0) => Current(sizeHint).AsSpan(used);

    /// <summary>Takes the written bytes (their blocks pass to the caller) and starts empty.</summary>
    public ArraySegment<byte>[] Detach()
    {
        if (current is not null)
        {
            if (used > 0)
            {
                filled.Add(new ArraySegment<byte>(current, 0, used));
            }
            else
            {
                pool.Return(current);
            }
        }

        var taken = filled.ToArray();
        StartEmpty();
        return taken;
    }

    /// <summary>Drops what was written, returning its blocks to the pool.</summary>
    public void Reset()
    {
        foreach (var part in filled)
        {
            pool.Return(part.Array!);
        }

        if (current is not null)
        {
            pool.Return(current);
        }

        StartEmpty();
    }

    /// <summary>Forgets every block (they were handed over or returned by the caller).</summary>
    private void StartEmpty()
    {
        filled.Clear();
        current = null;
        used = 0;
        filledBytes = 0;
    }

    private byte[] Current(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (needed > SegmentBlockPool.BlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(sizeHint), $"At most {SegmentBlockPool.BlockSize} bytes at a time");
        }

        if (current is null || current.Length - used < needed)
        {
            if (current is not null)
            {
                filled.Add(new ArraySegment<byte>(current, 0, used));
                filledBytes += used;
            }

            current = pool.Rent();
            used = 0;
        }

        return current;
    }
}
