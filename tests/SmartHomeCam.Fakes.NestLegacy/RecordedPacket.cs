using SmartHomeCam.NestLegacy.Protocol;

namespace SmartHomeCam.Fakes.NestLegacy;

/// <summary>A packet the client sent, as the fake decoded it (<see cref="Message"/> null for empty or undecodable bodies).</summary>
public sealed record RecordedPacket(int Connection, string Listener, PacketType Type, object? Message, DateTimeOffset At);
