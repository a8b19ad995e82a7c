using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>ERROR.code (spec §4).</summary>
[ProtoContract]
public enum ErrorCode
{
    [ProtoEnum(Name = "ERROR_CODE_UNSPECIFIED")]
    Unspecified = 0,
    [ProtoEnum(Name = "ERROR_CAMERA_NOT_CONNECTED")]
    CameraNotConnected = 1,
    [ProtoEnum(Name = "ERROR_ILLEGAL_PACKET")]
    IllegalPacket = 2,
    [ProtoEnum(Name = "ERROR_AUTHORIZATION_FAILED")]
    AuthorizationFailed = 3,
    [ProtoEnum(Name = "ERROR_NO_TRANSCODER_AVAILABLE")]
    NoTranscoderAvailable = 4,
    [ProtoEnum(Name = "ERROR_TRANSCODE_PROXY_ERROR")]
    TranscodeProxyError = 5,
    [ProtoEnum(Name = "ERROR_INTERNAL")]
    Internal = 6,
}
