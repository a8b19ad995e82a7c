using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>TALKBACK_BEGIN (208) and TALKBACK_END (209) share this body (spec §4).</summary>
[ProtoContract]
public sealed class Talkback
{
    [ProtoMember(1, Name = "user_id")]
    public string? UserId { get; set; }

    [ProtoMember(2, Name = "session_id")]
    public uint SessionId { get; set; }

    [ProtoMember(3, Name = "quick_action_id")]
    public uint QuickActionId { get; set; }

    [ProtoMember(4, Name = "device_id")]
    public string? DeviceId { get; set; }
}
