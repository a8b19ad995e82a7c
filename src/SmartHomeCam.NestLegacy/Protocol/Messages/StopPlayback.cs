using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>STOP_PLAYBACK (104) (spec §4).</summary>
[ProtoContract]
public sealed class StopPlayback
{
    [ProtoMember(1, Name = "session_id")]
    public uint SessionId { get; set; }
}
