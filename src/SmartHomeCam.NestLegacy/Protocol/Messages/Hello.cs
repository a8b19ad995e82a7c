using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>HELLO (100), the first packet on every connection (spec §4, §5).</summary>
[ProtoContract]
public sealed class Hello
{
    [ProtoMember(1, Name = "protocol_version")]
    public ProtocolVersion ProtocolVersion { get; set; }

    [ProtoMember(2, Name = "uuid")]
    public string? Uuid { get; set; }

    [ProtoMember(3, Name = "require_connected_camera")]
    public bool RequireConnectedCamera { get; set; }

    /// <summary>The Nest-account session token (spec §1d); Google-account clients use <see cref="AuthorizeRequest"/>.</summary>
    [ProtoMember(4, Name = "session_token")]
    public string? SessionToken { get; set; }

    [ProtoMember(5, Name = "is_camera")]
    public bool IsCamera { get; set; }

    [ProtoMember(6, Name = "device_id")]
    public string? DeviceId { get; set; }

    [ProtoMember(7, Name = "user_agent")]
    public string? UserAgent { get; set; }

    [ProtoMember(8, Name = "service_access_key")]
    public string? ServiceAccessKey { get; set; }

    [ProtoMember(9, Name = "client_type")]
    public ClientType ClientType { get; set; }

    [ProtoMember(10, Name = "wwn_access_token")]
    public string? WwnAccessToken { get; set; }

    [ProtoMember(11, Name = "encrypted_device_id")]
    public string? EncryptedDeviceId { get; set; }

    /// <summary>A serialized <see cref="Messages.AuthorizeRequest"/> (the Google-account path).</summary>
    [ProtoMember(12, Name = "authorize_request")]
    public byte[]? AuthorizeRequest { get; set; }

    [ProtoMember(13, Name = "client_ip_address")]
    public string? ClientIpAddress { get; set; }

    [ProtoMember(16, Name = "require_owner_server")]
    public bool RequireOwnerServer { get; set; }
}
