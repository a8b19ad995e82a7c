using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>REDIRECT (207): reconnect to another host (spec §4, §5).</summary>
[ProtoContract]
public sealed class Redirect
{
    [ProtoMember(1, Name = "new_host")]
    public string? NewHost { get; set; }

    [ProtoMember(2, Name = "is_transcode")]
    public bool IsTranscode { get; set; }
}
