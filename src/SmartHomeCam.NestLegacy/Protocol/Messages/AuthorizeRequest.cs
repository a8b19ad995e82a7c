using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>Credentials: nested in Hello.authorize_request or sent alone as AUTHORIZE_REQUEST (212) (spec §4).</summary>
[ProtoContract]
public sealed class AuthorizeRequest
{
    [ProtoMember(1, Name = "session_token")]
    public string? SessionToken { get; set; }

    [ProtoMember(2, Name = "wwn_access_token")]
    public string? WwnAccessToken { get; set; }

    [ProtoMember(3, Name = "service_access_key")]
    public string? ServiceAccessKey { get; set; }

    /// <summary>The Nest JWT from issue_jwt (spec §1a).</summary>
    [ProtoMember(4, Name = "olive_token")]
    public string? OliveToken { get; set; }

    /// <summary>Never prints a token.</summary>
    public override string ToString() => "AuthorizeRequest";
}
