using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>Hello.protocol_version (spec §4); every current client sends 3.</summary>
[ProtoContract]
public enum ProtocolVersion
{
    [ProtoEnum(Name = "PROTOCOL_VERSION_UNSPECIFIED")]
    Unspecified = 0,
    [ProtoEnum(Name = "VERSION_1")]
    Version1 = 1,
    [ProtoEnum(Name = "VERSION_2")]
    Version2 = 2,
    [ProtoEnum(Name = "VERSION_3")]
    Version3 = 3,
}
