using ProtoBuf;

namespace SmartHomeCam.Telemetry.Tests.Otlp;

// The parts of OTLP's common and resource messages these tests read (opentelemetry/proto/common/v1/common.proto and
// resource/v1/resource.proto, OTLP 1.x); fields not declared here are skipped by protobuf-net.

/// <summary>The entity that produced the telemetry: its attributes carry <c>service.name</c>.</summary>
[ProtoContract]
internal sealed class OtlpResource
{
    [ProtoMember(1, Name = "attributes")]
    public List<OtlpKeyValue> Attributes { get; } = [];

    /// <summary>The string value of an attribute, or null.</summary>
    public string? this[string key] => Attributes.FirstOrDefault(a => a.Key == key)?.Value?.StringValue;
}

[ProtoContract]
internal sealed class OtlpKeyValue
{
    [ProtoMember(1, Name = "key")]
    public string? Key { get; set; }

    [ProtoMember(2, Name = "value")]
    public OtlpAnyValue? Value { get; set; }
}

/// <summary>AnyValue's oneof, the scalar members only.</summary>
[ProtoContract]
internal sealed class OtlpAnyValue
{
    [ProtoMember(1, Name = "string_value")]
    public string? StringValue { get; set; }

    [ProtoMember(2, Name = "bool_value")]
    public bool BoolValue { get; set; }

    [ProtoMember(3, Name = "int_value")]
    public long IntValue { get; set; }

    [ProtoMember(4, Name = "double_value")]
    public double DoubleValue { get; set; }
}

/// <summary>The library that recorded the spans or instruments (our ActivitySource/Meter is "SmartHomeCam").</summary>
[ProtoContract]
internal sealed class OtlpScope
{
    [ProtoMember(1, Name = "name")]
    public string? Name { get; set; }

    [ProtoMember(2, Name = "version")]
    public string? Version { get; set; }
}
