using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>A region in PlaybackPacket.directors_cut_regions (spec §4); unused here but part of the wire format.</summary>
[ProtoContract]
public sealed class DirectorsCutRegion
{
    [ProtoMember(1, Name = "id")]
    public uint Id { get; set; }

    [ProtoMember(2, Name = "left")]
    public uint Left { get; set; }

    [ProtoMember(3, Name = "right")]
    public uint Right { get; set; }

    [ProtoMember(4, Name = "top")]
    public uint Top { get; set; }

    [ProtoMember(5, Name = "bottom")]
    public uint Bottom { get; set; }
}
