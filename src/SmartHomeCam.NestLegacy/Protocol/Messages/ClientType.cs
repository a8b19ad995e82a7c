using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>Hello.client_type (spec §4).</summary>
[ProtoContract]
public enum ClientType
{
    [ProtoEnum(Name = "CLIENT_TYPE_UNSPECIFIED")]
    Unspecified = 0,
    [ProtoEnum(Name = "ANDROID")]
    Android = 1,
    [ProtoEnum(Name = "IOS")]
    Ios = 2,
    [ProtoEnum(Name = "WEB")]
    Web = 3,
}
