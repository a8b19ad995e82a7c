using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>
/// RFC 4571 §2 framing, used by ICE-TCP (RFC 6544 §3.1): every STUN message, DTLS record and (S)RTP/RTCP packet
/// on the connection is preceded by its length as a 16-bit big-endian integer.
/// </summary>
public static class Rfc4571Framing
{
    public const int HeaderLength = 2;

    /// <summary>
    /// Reads one frame into <paramref name="buffer"/>, however the stream splits it; returns its length, or -1 when the
    /// stream ended cleanly before a frame began. A frame longer than <paramref name="maxLength"/> or a stream ending
    /// inside a frame is <see cref="InvalidDataException"/>: the connection cannot be resynchronised, only closed.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // no allocation per frame
    public static async ValueTask<int> ReadFrameAsync(Stream stream, Memory<byte> buffer, int maxLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (maxLength > buffer.Length || buffer.Length < HeaderLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), "The buffer must hold a frame of maxLength bytes.");
        }

        var header = buffer[..HeaderLength];
        var got = await stream.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return -1;
        }

        if (got < HeaderLength)
        {
            throw new InvalidDataException("The connection ended inside a frame header.");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(header.Span);
        if (length > maxLength)
        {
            throw new InvalidDataException($"A {length}-byte frame exceeds the {maxLength}-byte limit.");
        }

        if (length > 0 && await stream.ReadAtLeastAsync(buffer[..length], length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < length)
        {
            throw new InvalidDataException("The connection ended inside a frame.");
        }

        return length;
    }

    /// <summary>Writes the length header and the packet into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(ReadOnlySpan<byte> packet, Span<byte> destination)
    {
        if (packet.Length > ushort.MaxValue || destination.Length < HeaderLength + packet.Length)
        {
            throw new ArgumentException("The packet does not fit one RFC 4571 frame in the destination.", nameof(packet));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)packet.Length);
        packet.CopyTo(destination[HeaderLength..]);
        return HeaderLength + packet.Length;
    }
}
