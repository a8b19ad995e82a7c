namespace SmartHomeCam.Server.Hosting;

/// <summary>The <c>Telemetry</c> section: the Prometheus scrape endpoint and the OTLP export.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serve <c>GET /metrics</c> at all.</summary>
    public bool MetricsEnabled { get; set; } = true;

    /// <summary>
    /// Client networks (CIDR) allowed to scrape <c>/metrics</c>; anyone else gets 404. Loopback only by default: the
    /// service faces the internet (Google and Chromecasts call it), its metrics are for the operator's network.
    /// </summary>
    public IList<string> MetricsAllowedNetworks { get; } = [];

    /// <summary>
    /// Record traces. Default: only when an OTLP endpoint is configured (nothing would read them otherwise, and
    /// recording a span for every segment request costs CPU on the streaming hot path).
    /// </summary>
    public bool? TracingEnabled { get; set; }

    /// <summary>OTLP collector (e.g. <c>http://otel-collector:4317</c>); empty = OTEL_EXPORTER_OTLP_ENDPOINT, else no export.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary><c>grpc</c> or <c>http/protobuf</c>; empty = OTEL_EXPORTER_OTLP_PROTOCOL, else by port (4318 = HTTP).</summary>
    public string OtlpProtocol { get; set; } = "";
}
