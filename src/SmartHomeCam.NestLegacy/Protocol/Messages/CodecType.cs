using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>A PLAYBACK_BEGIN channel's codec (spec §4).</summary>
[ProtoContract]
public enum CodecType
{
    [ProtoEnum(Name = "SPEEX")]
    Speex = 0,
    [ProtoEnum(Name = "PCM_S16_LE")]
    PcmS16Le = 1,
    [ProtoEnum(Name = "H264")]
    H264 = 2,
    [ProtoEnum(Name = "AAC")]
    Aac = 3,
    [ProtoEnum(Name = "OPUS")]
    Opus = 4,
    [ProtoEnum(Name = "META")]
    Meta = 5,
    [ProtoEnum(Name = "DIRECTORS_CUT")]
    DirectorsCut = 6,
}
