using System.Buffers;

namespace SmartHomeCam.NestLegacy.Protocol;

/// <summary>
/// The fields of a PlaybackPacket (spec §4) the media path needs, read straight from the wire without
/// allocating: session, channel, zig-zag timestamp delta, and the payload as a slice of the receive buffer.
/// Other fields are skipped by wire type. Agrees with the protobuf-net contract (a property test checks).
/// </summary>
public readonly record struct PlaybackPacketView(uint SessionId, uint ChannelId, int TimestampDelta, ReadOnlySequence<byte> Payload)
{
    public static bool TryParse(ReadOnlySequence<byte> data, out PlaybackPacketView view)
    {
        view = default;
        var reader = new SequenceReader<byte>(data);
        uint session = 0, channel = 0;
        var delta = 0;
        var payload = ReadOnlySequence<byte>.Empty;
        while (!reader.End)
        {
            if (!TryReadVarint(ref reader, out var tag) || tag >> 3 == 0 || tag >> 3 > int.MaxValue)
            {
                return false;
            }

            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    if (!TryReadVarint(ref reader, out var value))
                    {
                        return false;
                    }

                    switch (field)
                    {
                        case 1: session = (uint)value; break;
                        case 2: channel = (uint)value; break;
                        case 3: delta = (int)((uint)value >> 1) ^ -(int)((uint)value & 1); break;
                    }

                    break;
                case 1:
                    if (reader.Remaining < 8)
                    {
                        return false;
                    }

                    reader.Advance(8);
                    break;
                case 2:
                    if (!TryReadVarint(ref reader, out var length) || length > (ulong)reader.Remaining)
                    {
                        return false;
                    }

                    if (field == 4)
                    {
                        payload = reader.UnreadSequence.Slice(0, (long)length);
                    }

                    reader.Advance((long)length);
                    break;
                case 5:
                    if (reader.Remaining < 4)
                    {
                        return false;
                    }

                    reader.Advance(4);
                    break;
                default:
                    return false; // groups (3, 4) and 6, 7 never occur here
            }
        }

        view = new PlaybackPacketView(session, channel, delta, payload);
        return true;
    }

    private static bool TryReadVarint(ref SequenceReader<byte> reader, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (!reader.TryRead(out var b))
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
