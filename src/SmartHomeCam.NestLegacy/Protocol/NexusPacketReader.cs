using System.Buffers;
using System.Buffers.Binary;

namespace SmartHomeCam.NestLegacy.Protocol;

/// <summary>
/// The receiver algorithm of spec §3: takes whole packets off the front of whatever bytes have arrived,
/// however the transport cut them (a header split across reads, several packets in one read). Never discards
/// a partial packet; skips (and counts) packets of unknown type by their length; refuses a declared length over
/// <see cref="MaxPayloadLength"/>, because after a garbage length the stream cannot be re-synchronised and
/// waiting for the bytes would only grow memory.
/// </summary>
public sealed class NexusPacketReader(int maxPayloadLength = NexusPacketReader.DefaultMaxPayloadLength)
{
    /// <summary>4 MiB: far above a 2 Mbit/s camera's largest IDR slice.</summary>
    public const int DefaultMaxPayloadLength = 4 * 1024 * 1024;

    public int MaxPayloadLength { get; } = maxPayloadLength;

    /// <summary>Packets of a type spec §3 does not list, skipped.</summary>
    public long UnknownPackets { get; private set; }

    /// <summary>Packets handed out.</summary>
    public long Packets { get; private set; }

    /// <summary>
    /// Takes the next known packet off <paramref name="buffer"/> (which then starts after it); false when the
    /// buffer holds no whole known packet (it then starts at the incomplete one, unknown ones before it removed).
    /// </summary>
    /// <exception cref="NexusFramingException">A declared length exceeds the cap.</exception>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out NexusPacket packet)
    {
        while (true)
        {
            packet = default;
            if (buffer.IsEmpty)
            {
                return false;
            }

            var type = buffer.FirstSpan[0];
            var headerLength = PacketTypes.HeaderLength(type);
            if (buffer.Length < headerLength)
            {
                return false;
            }

            Span<byte> header = stackalloc byte[5];
            buffer.Slice(0, headerLength).CopyTo(header);
            long length = headerLength == 5 ? BinaryPrimitives.ReadUInt32BigEndian(header[1..]) : BinaryPrimitives.ReadUInt16BigEndian(header[1..]);
            if (length > MaxPayloadLength)
            {
                throw new NexusFramingException($"A nexustalk packet of type {type} declares {length} bytes, over the {MaxPayloadLength}-byte cap.");
            }

            if (buffer.Length < headerLength + length)
            {
                return false;
            }

            var payload = buffer.Slice(headerLength, length);
            buffer = buffer.Slice(payload.End);
            if (!PacketTypes.IsKnown(type))
            {
                UnknownPackets++;
                continue;
            }

            Packets++;
            packet = new NexusPacket((PacketType)type, payload);
            return true;
        }
    }
}
