using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>OK (200); the payload is normally empty (spec §4).</summary>
[ProtoContract]
public sealed class Ok
{
    [ProtoMember(1, Name = "udp_port")]
    public uint UdpPort { get; set; }
}
