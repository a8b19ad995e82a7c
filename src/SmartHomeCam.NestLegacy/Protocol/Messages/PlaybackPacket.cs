using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>PLAYBACK_PACKET (204) / LONG_PLAYBACK_PACKET (205): one NAL unit or one audio frame (spec §4, §6).</summary>
[ProtoContract]
public sealed class PlaybackPacket
{
    [ProtoMember(1, Name = "session_id")]
    public uint SessionId { get; set; }

    [ProtoMember(2, Name = "channel_id")]
    public uint ChannelId { get; set; }

    /// <summary>Increment over the previous packet of the channel; sint32 (zig-zag) per spec §4 and §9.</summary>
    [ProtoMember(3, Name = "timestamp_delta", DataFormat = DataFormat.ZigZag)]
    public int TimestampDelta { get; set; }

    [ProtoMember(4, Name = "payload")]
    public byte[]? Payload { get; set; }

    [ProtoMember(5, Name = "latency_rtp_sequence")]
    public ulong LatencyRtpSequence { get; set; }

    [ProtoMember(6, Name = "latency_rtp_ssrc")]
    public ulong LatencyRtpSsrc { get; set; }

    [ProtoMember(7, Name = "directors_cut_regions")]
    public List<DirectorsCutRegion> DirectorsCutRegions { get; } = [];
}
