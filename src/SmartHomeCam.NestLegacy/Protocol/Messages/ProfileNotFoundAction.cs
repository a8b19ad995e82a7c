using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>StartPlayback.profile_not_found_action (spec §4).</summary>
[ProtoContract]
public enum ProfileNotFoundAction
{
    [ProtoEnum(Name = "REDIRECT")]
    Redirect = 0,
    [ProtoEnum(Name = "USE_NEXT_AVAILABLE")]
    UseNextAvailable = 1,
}
