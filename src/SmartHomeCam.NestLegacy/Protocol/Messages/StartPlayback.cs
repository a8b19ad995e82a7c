using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>START_PLAYBACK (103) (spec §4, §5).</summary>
[ProtoContract]
public sealed class StartPlayback
{
    [ProtoMember(1, Name = "session_id")]
    public uint SessionId { get; set; }

    [ProtoMember(2, Name = "profile")]
    public StreamProfile Profile { get; set; }

    [ProtoMember(3, Name = "start_time")]
    public double StartTime { get; set; }

    [ProtoMember(4, Name = "external_ip")]
    public byte[]? ExternalIp { get; set; }

    [ProtoMember(5, Name = "external_port")]
    public uint ExternalPort { get; set; }

    /// <summary>Sent unpacked, one tag per value, as the reference clients do (spec §4, §8).</summary>
    [ProtoMember(6, Name = "other_profiles", IsPacked = false)]
    public List<StreamProfile> OtherProfiles { get; } = [];

    [ProtoMember(7, Name = "profile_not_found_action")]
    public ProfileNotFoundAction ProfileNotFoundAction { get; set; }
}
