using SmartHomeCam.Telemetry.Tests.Otlp;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Telemetry.Tests;

/// <summary>
/// The real server exports over OTLP/HTTP protobuf (OpenTelemetry's own exporter, as configured for operators) to a
/// collector endpoint in this process: one EXECUTE arrives as one trace, and its latency as a histogram.
/// </summary>
[Collection(ProcessWideTelemetry.Name)]
public sealed class OtlpExportTests
{
    private const int SpanKindServer = 2;

    [Fact]
    public async Task One_execute_arrives_at_an_otlp_collector_as_a_span_chain_and_a_latency_histogram_of_the_service()
    {
        using var diagnostics = new OpenTelemetryDiagnostics();
        await using var collector = await OtlpReceiver.StartAsync();
        var server = await FulfillmentServer.StartAsync(new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = collector.BaseAddress.ToString(),
            ["Telemetry:OtlpProtocol"] = "http/protobuf",
        });
        try
        {
            using var http = server.Server.CreateClient();
            var url = await VoiceRequest.ExecuteAsync(server);
            await VoiceRequest.PlayAsync(http, url);
            // The batch span processor exports every few seconds; the source-start span ends once the camera declared its tracks.
            try
            {
                await Poll.UntilAsync(() => Task.FromResult(collector.Spans().Any(s => s.Span.Name == "camera.source.start")),
                    TimeSpan.FromSeconds(30), "the camera.source.start span at the collector");
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}; it received:\n{collector.Requests}\nOpenTelemetry said:\n{diagnostics.Text}", e);
            }
        }
        finally
        {
            // Stopping the host flushes both providers: metrics are otherwise pushed once a minute.
            await server.DisposeAsync();
        }

        var spans = collector.Spans();
        var ours = spans.Select(s => s.Span).ToList();
        OtlpSpan Single(string name) => Assert.Single(ours, s => s.Name == name);
        var execute = Single("EXECUTE");
        var acquire = Single("session.acquire");
        var sourceStart = Single("camera.source.start");

        // fulfillment (ASP.NET Core's server span for POST /fulfillment) → EXECUTE → session.acquire → camera.source.start
        var post = Assert.Single(ours, s => s.Id == execute.Parent);
        Assert.Equal(SpanKindServer, post.Kind);
        Assert.Contains("/fulfillment", post.Name, StringComparison.Ordinal);
        Assert.Equal(execute.Id, acquire.Parent);
        Assert.Equal(acquire.Id, sourceStart.Parent);
        Assert.All(new[] { execute, acquire, sourceStart }, s => Assert.Equal(post.Trace, s.Trace));
        Assert.Equal(16, execute.TraceId!.Length);
        Assert.True(acquire.StartTimeUnixNano >= execute.StartTimeUnixNano && sourceStart.StartTimeUnixNano >= acquire.StartTimeUnixNano);
        Assert.True(execute.EndTimeUnixNano > execute.StartTimeUnixNano);

        // Every span names the service in its resource.
        Assert.All(spans, s => Assert.Equal("smarthomecam", s.Resource?["service.name"]));

        // The EXECUTE latency histogram, with the same resource: one EXECUTE, answered in under half a minute.
        var executeDuration = collector.Metrics().Where(m => m.Metric.Name == "shc.fulfillment.execute.duration").ToList();
        Assert.NotEmpty(executeDuration);
        Assert.All(executeDuration, m => Assert.Equal("smarthomecam", m.Resource?["service.name"]));
        var latest = executeDuration[^1].Metric;
        Assert.Equal("s", latest.Unit);
        var point = Assert.Single(latest.Histogram!.DataPoints);
        Assert.Equal(1UL, point.Count);
        Assert.InRange(point.Sum, 0, 30);
        Assert.Equal(0, collector.Rejected);
    }
}
