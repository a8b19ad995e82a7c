using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>PLAYBACK_END (203) (spec §4).</summary>
[ProtoContract]
public sealed class PlaybackEnd
{
    [ProtoMember(1, Name = "session_id")]
    public uint SessionId { get; set; }

    [ProtoMember(2, Name = "reason")]
    public PlaybackEndReason Reason { get; set; }
}
