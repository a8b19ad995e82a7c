using System.Buffers;

namespace SmartHomeCam.NestLegacy.Streaming;

/// <summary>
/// The bytes received and not yet framed, in one pooled array that grows only up to what the largest allowed
/// packet needs; consumed bytes are compacted away before the next receive, so it never grows with the stream.
/// </summary>
internal sealed class NexusReceiveBuffer(int maxPacketLength) : IDisposable
{
    private const int ReadChunk = 64 * 1024;
    private readonly int capacityLimit = maxPacketLength + 5 + ReadChunk;
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadChunk * 2);
    private int start;
    private int end;

    public ReadOnlySequence<byte> Data => new(buffer, start, end - start);

    public int Capacity => buffer.Length;

    public void Consume(long count) => start += (int)count;

    /// <summary>Room for the next receive, after moving unconsumed bytes to the front (and growing if a long packet needs it).</summary>
    public Memory<byte> GetWritable()
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }

        if (buffer.Length - end < ReadChunk / 4 && buffer.Length < capacityLimit)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(capacityLimit, buffer.Length * 2));
            buffer.AsSpan(0, end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        return buffer.AsMemory(end);
    }

    public void Commit(int count) => end += count;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }
}
