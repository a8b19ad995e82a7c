using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>ERROR (201) (spec §4).</summary>
[ProtoContract(Name = "Error")]
public sealed class ErrorMessage
{
    [ProtoMember(1, Name = "code")]
    public ErrorCode Code { get; set; }

    [ProtoMember(2, Name = "message")]
    public string? Message { get; set; }
}
