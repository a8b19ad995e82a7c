using System.Buffers;
using System.Buffers.Binary;
using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol;

/// <summary>Frames packets for sending (spec §3): one exact-length protobuf body behind a 3-byte header (5 for type 205).</summary>
public static class NexusPacketWriter
{
    public static void Write<T>(IBufferWriter<byte> output, PacketType type, T message)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var measured = Serializer.Measure(message);
        WriteHeader(output, type, measured.Length);
        measured.Serialize(output);
    }

    /// <summary>A packet with an empty payload (PING, OK).</summary>
    public static void WriteEmpty(IBufferWriter<byte> output, PacketType type)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteHeader(output, type, 0);
    }

    /// <summary>A packet around an already encoded payload (the fake's malformed packets, raw relays).</summary>
    public static void WriteRaw(IBufferWriter<byte> output, PacketType type, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteHeader(output, type, payload.Length);
        output.Write(payload);
    }

    public static byte[] ToArray<T>(PacketType type, T message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, type, message);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteHeader(IBufferWriter<byte> output, PacketType type, long length)
    {
        var isLong = type == PacketType.LongPlaybackPacket;
        if (length > (isLong ? uint.MaxValue : ushort.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Too long for a {type} packet; use {PacketType.LongPlaybackPacket}.");
        }

        var header = output.GetSpan(5);
        header[0] = (byte)type;
        if (isLong)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)length);
            output.Advance(5);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(header[1..], (ushort)length);
            output.Advance(3);
        }
    }
}
