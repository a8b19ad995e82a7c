using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>One channel of a PLAYBACK_BEGIN (spec §4; field numbers as homebridge, see §9).</summary>
[ProtoContract(Name = "Stream")]
public sealed class PlaybackChannel
{
    [ProtoMember(1, Name = "channel_id")]
    public uint ChannelId { get; set; }

    [ProtoMember(2, Name = "codec_type")]
    public CodecType CodecType { get; set; }

    [ProtoMember(3, Name = "sample_rate")]
    public uint SampleRate { get; set; }

    [ProtoMember(4, Name = "private_data")]
    public List<byte[]> PrivateData { get; } = [];

    [ProtoMember(5, Name = "start_time")]
    public double StartTime { get; set; }

    [ProtoMember(6, Name = "udp_ssrc")]
    public uint UdpSsrc { get; set; }

    [ProtoMember(7, Name = "rtp_start_time")]
    public uint RtpStartTime { get; set; }

    [ProtoMember(8, Name = "profile")]
    public StreamProfile Profile { get; set; }
}
