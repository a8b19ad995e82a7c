using System.Buffers;

namespace SmartHomeCam.Media.Rtp;

/// <summary>An append-only byte buffer on pooled arrays with a hard cap; reused across frames.</summary>
internal sealed class GrowableBuffer(int maxLength) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxLength, 64 * 1024));

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>False (and nothing written) when the cap would be exceeded.</summary>
    public bool TryAppend(ReadOnlySpan<byte> data)
    {
        if (Length + data.Length > maxLength)
        {
            return false;
        }

        if (Length + data.Length > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(maxLength, Math.Max(_buffer.Length * 2, Length + data.Length)));
            _buffer.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        data.CopyTo(_buffer.AsSpan(Length));
        Length += data.Length;
        return true;
    }

    public bool TryAppend(byte value) => TryAppend([value]);

    public void Clear() => Length = 0;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        Length = 0;
    }
}
