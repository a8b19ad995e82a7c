using ProtoBuf;

namespace SmartHomeCam.Telemetry.Tests.Otlp;

// POST /v1/metrics bodies: ExportMetricsServiceRequest (opentelemetry/proto/collector/metrics/v1/metrics_service.proto)
// and the metric fields of opentelemetry/proto/metrics/v1/metrics.proto these tests read (sums and histograms).

[ProtoContract]
internal sealed class ExportMetricsServiceRequest
{
    [ProtoMember(1, Name = "resource_metrics")]
    public List<OtlpResourceMetrics> ResourceMetrics { get; } = [];
}

[ProtoContract]
internal sealed class OtlpResourceMetrics
{
    [ProtoMember(1, Name = "resource")]
    public OtlpResource? Resource { get; set; }

    [ProtoMember(2, Name = "scope_metrics")]
    public List<OtlpScopeMetrics> ScopeMetrics { get; } = [];
}

[ProtoContract]
internal sealed class OtlpScopeMetrics
{
    [ProtoMember(1, Name = "scope")]
    public OtlpScope? Scope { get; set; }

    [ProtoMember(2, Name = "metrics")]
    public List<OtlpMetric> Metrics { get; } = [];
}

[ProtoContract]
internal sealed class OtlpMetric
{
    [ProtoMember(1, Name = "name")]
    public string? Name { get; set; }

    [ProtoMember(3, Name = "unit")]
    public string? Unit { get; set; }

    [ProtoMember(7, Name = "sum")]
    public OtlpSum? Sum { get; set; }

    [ProtoMember(9, Name = "histogram")]
    public OtlpHistogram? Histogram { get; set; }
}

[ProtoContract]
internal sealed class OtlpSum
{
    [ProtoMember(1, Name = "data_points")]
    public List<OtlpNumberDataPoint> DataPoints { get; } = [];

    [ProtoMember(3, Name = "is_monotonic")]
    public bool IsMonotonic { get; set; }
}

[ProtoContract]
internal sealed class OtlpNumberDataPoint
{
    [ProtoMember(4, Name = "as_double")]
    public double AsDouble { get; set; }

    [ProtoMember(6, Name = "as_int", DataFormat = DataFormat.FixedSize)]
    public long AsInt { get; set; }
}

[ProtoContract]
internal sealed class OtlpHistogram
{
    [ProtoMember(1, Name = "data_points")]
    public List<OtlpHistogramDataPoint> DataPoints { get; } = [];
}

[ProtoContract]
internal sealed class OtlpHistogramDataPoint
{
    [ProtoMember(4, Name = "count", DataFormat = DataFormat.FixedSize)]
    public ulong Count { get; set; }

    [ProtoMember(5, Name = "sum")]
    public double Sum { get; set; }
}
