using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>PLAYBACK_BEGIN (202): the channel map of the stream that follows (spec §4).</summary>
[ProtoContract]
public sealed class PlaybackBegin
{
    [ProtoMember(1, Name = "session_id")]
    public uint SessionId { get; set; }

    [ProtoMember(2, Name = "channels")]
    public List<PlaybackChannel> Channels { get; } = [];

    [ProtoMember(3, Name = "srtp_master_key")]
    public byte[]? SrtpMasterKey { get; set; }

    [ProtoMember(4, Name = "srtp_master_salt")]
    public byte[]? SrtpMasterSalt { get; set; }

    [ProtoMember(5, Name = "fec_k_val")]
    public uint FecKVal { get; set; }

    [ProtoMember(6, Name = "fec_n_val")]
    public uint FecNVal { get; set; }
}
