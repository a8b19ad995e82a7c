using System.Buffers;

namespace SmartHomeCam.NestLegacy.Protocol;

/// <summary>One framed packet; <see cref="Payload"/> points into the receive buffer and is valid until the next read.</summary>
public readonly record struct NexusPacket(PacketType Type, ReadOnlySequence<byte> Payload);
