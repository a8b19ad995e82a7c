using System.Net;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SmartHomeCam.Telemetry;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// OpenTelemetry: the product's meter and activity source plus ASP.NET Core and HttpClient instrumentation (Google
/// API calls by host and status), scraped at <c>GET /metrics</c> (Prometheus text) and pushed over OTLP when a
/// collector is configured.
/// </summary>
public static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";

    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    public static IServiceCollection AddSmartHomeCamObservability(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = config.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var allowed = AllowedNetworks(options);
        var endpoint = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? config["OTEL_EXPORTER_OTLP_ENDPOINT"] : options.OtlpEndpoint;
        services.AddSingleton(new MetricsAccess(allowed));
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("smarthomecam"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SmartHomeCamTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (options.MetricsEnabled)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (options.TracingEnabled ?? !string.IsNullOrWhiteSpace(endpoint))
        {
            otel.WithTracing(tracing => tracing
                .AddSource(SmartHomeCamTelemetry.Name)
                .AddAspNetCoreInstrumentation(a => a.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath, StringComparison.Ordinal))
                .AddHttpClientInstrumentation());
        }

        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            var uri = new Uri(endpoint, UriKind.Absolute);
            // The protocol as OTel names it; unnamed, port 4318 is OTLP over HTTP by convention and anything else gRPC.
            var protocol = string.IsNullOrWhiteSpace(options.OtlpProtocol) ? config["OTEL_EXPORTER_OTLP_PROTOCOL"] : options.OtlpProtocol;
            var http = protocol?.Trim() switch
            {
                null or "" => uri.Port == 4318,
                "http/protobuf" => true,
                "grpc" => false,
                _ => throw new InvalidOperationException($"Telemetry:OtlpProtocol is '{protocol}'; use grpc or http/protobuf."),
            };
            otel.UseOtlpExporter(http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, uri);
        }

        return services;
    }

    /// <summary>
    /// Answers <c>GET /metrics</c> for allowed client addresses (after forwarded-header processing, so a request
    /// relayed by the public proxy carries the internet client's address and is refused); others fall through to 404.
    /// </summary>
    public static IApplicationBuilder UseSmartHomeCamMetrics(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IConfiguration>().GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.MetricsEnabled)
        {
            return app;
        }

        var access = app.ApplicationServices.GetRequiredService<MetricsAccess>();
        return app.UseOpenTelemetryPrometheusScrapingEndpoint(http =>
            http.Request.Path.Equals(MetricsPath, StringComparison.Ordinal) && access.Allows(http.Connection.RemoteIpAddress));
    }

    private static IPNetwork[] AllowedNetworks(TelemetryOptions options)
    {
        var configured = options.MetricsAllowedNetworks.Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(n => IPNetwork.TryParse(n.Trim(), out var network)
                ? network
                : throw new InvalidOperationException($"Telemetry:MetricsAllowedNetworks contains '{n}', which is not a CIDR network such as 10.0.0.0/8."));
        return [.. Loopback, .. configured];
    }
}
