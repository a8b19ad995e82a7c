using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>Stream profiles a camera offers and START_PLAYBACK asks for (spec §4).</summary>
[ProtoContract]
public enum StreamProfile
{
    [ProtoEnum(Name = "STREAM_PROFILE_UNSPECIFIED")]
    Unspecified = 0,
    [ProtoEnum(Name = "AVPROFILE_MOBILE_1")]
    AvProfileMobile1 = 1,
    [ProtoEnum(Name = "AVPROFILE_HD_MAIN_1")]
    AvProfileHdMain1 = 2,
    [ProtoEnum(Name = "AUDIO_AAC")]
    AudioAac = 3,
    [ProtoEnum(Name = "AUDIO_SPEEX")]
    AudioSpeex = 4,
    [ProtoEnum(Name = "AUDIO_OPUS")]
    AudioOpus = 5,
    [ProtoEnum(Name = "VIDEO_H264_50KBIT_L12")]
    VideoH264Kbit50L12 = 6,
    [ProtoEnum(Name = "VIDEO_H264_530KBIT_L31")]
    VideoH264Kbit530L31 = 7,
    [ProtoEnum(Name = "VIDEO_H264_100KBIT_L30")]
    VideoH264Kbit100L30 = 8,
    [ProtoEnum(Name = "VIDEO_H264_2MBIT_L40")]
    VideoH264Mbit2L40 = 9,
    [ProtoEnum(Name = "VIDEO_H264_50KBIT_L12_THUMBNAIL")]
    VideoH264Kbit50L12Thumbnail = 10,
    [ProtoEnum(Name = "META")]
    Meta = 11,
    [ProtoEnum(Name = "DIRECTORS_CUT")]
    DirectorsCut = 12,
    [ProtoEnum(Name = "AUDIO_OPUS_LIVE")]
    AudioOpusLive = 13,
    [ProtoEnum(Name = "VIDEO_H264_L31")]
    VideoH264L31 = 14,
    [ProtoEnum(Name = "VIDEO_H264_L40")]
    VideoH264L40 = 15,
}
