using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>PLAYBACK_END.reason (spec §4; 0 and 4 from accfactory).</summary>
[ProtoContract]
public enum PlaybackEndReason
{
    [ProtoEnum(Name = "USER_ENDED_SESSION")]
    UserEndedSession = 0,
    [ProtoEnum(Name = "ERROR_TIME_NOT_AVAILABLE")]
    TimeNotAvailable = 1,
    [ProtoEnum(Name = "ERROR_PROFILE_NOT_AVAILABLE")]
    ProfileNotAvailable = 2,
    [ProtoEnum(Name = "ERROR_TRANSCODE_NOT_AVAILABLE")]
    TranscodeNotAvailable = 3,
    [ProtoEnum(Name = "ERROR_LEAF_NODE_CANNOT_REACH_CAMERA")]
    LeafNodeCannotReachCamera = 4,
    [ProtoEnum(Name = "PLAY_END_SESSION_COMPLETE")]
    SessionComplete = 128,
}
