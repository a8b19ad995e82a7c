using ProtoBuf;

namespace SmartHomeCam.NestLegacy.Protocol.Messages;

/// <summary>AUDIO_PAYLOAD (102): talkback audio from the client (spec §4, §6).</summary>
[ProtoContract]
public sealed class AudioPayload
{
    [ProtoMember(1, Name = "payload")]
    public byte[]? Payload { get; set; }

    [ProtoMember(2, Name = "session_id")]
    public uint SessionId { get; set; }

    [ProtoMember(3, Name = "codec")]
    public CodecType Codec { get; set; }

    [ProtoMember(4, Name = "sample_rate")]
    public uint SampleRate { get; set; }

    [ProtoMember(5, Name = "latency_measure_tag")]
    public uint LatencyMeasureTag { get; set; }
}
