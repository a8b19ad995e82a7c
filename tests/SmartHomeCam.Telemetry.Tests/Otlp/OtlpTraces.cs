using ProtoBuf;

namespace SmartHomeCam.Telemetry.Tests.Otlp;

// POST /v1/traces bodies: ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1/trace_service.proto) and
// the span fields of opentelemetry/proto/trace/v1/trace.proto these tests read.

[ProtoContract]
internal sealed class ExportTraceServiceRequest
{
    [ProtoMember(1, Name = "resource_spans")]
    public List<OtlpResourceSpans> ResourceSpans { get; } = [];
}

[ProtoContract]
internal sealed class OtlpResourceSpans
{
    [ProtoMember(1, Name = "resource")]
    public OtlpResource? Resource { get; set; }

    [ProtoMember(2, Name = "scope_spans")]
    public List<OtlpScopeSpans> ScopeSpans { get; } = [];
}

[ProtoContract]
internal sealed class OtlpScopeSpans
{
    [ProtoMember(1, Name = "scope")]
    public OtlpScope? Scope { get; set; }

    [ProtoMember(2, Name = "spans")]
    public List<OtlpSpan> Spans { get; } = [];
}

[ProtoContract]
internal sealed class OtlpSpan
{
    [ProtoMember(1, Name = "trace_id")]
    public byte[]? TraceId { get; set; }

    [ProtoMember(2, Name = "span_id")]
    public byte[]? SpanId { get; set; }

    /// <summary>Empty for a root span.</summary>
    [ProtoMember(4, Name = "parent_span_id")]
    public byte[]? ParentSpanId { get; set; }

    [ProtoMember(5, Name = "name")]
    public string? Name { get; set; }

    /// <summary>SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.</summary>
    [ProtoMember(6, Name = "kind")]
    public int Kind { get; set; }

    [ProtoMember(7, Name = "start_time_unix_nano", DataFormat = DataFormat.FixedSize)]
    public ulong StartTimeUnixNano { get; set; }

    [ProtoMember(8, Name = "end_time_unix_nano", DataFormat = DataFormat.FixedSize)]
    public ulong EndTimeUnixNano { get; set; }

    [ProtoMember(13, Name = "links")]
    public List<OtlpSpanLink> Links { get; } = [];

    public string Trace => Convert.ToHexString(TraceId ?? []);

    public string Id => Convert.ToHexString(SpanId ?? []);

    public string Parent => Convert.ToHexString(ParentSpanId ?? []);
}

[ProtoContract]
internal sealed class OtlpSpanLink
{
    [ProtoMember(1, Name = "trace_id")]
    public byte[]? TraceId { get; set; }

    [ProtoMember(2, Name = "span_id")]
    public byte[]? SpanId { get; set; }

    public string Id => Convert.ToHexString(SpanId ?? []);
}
