using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProtoBuf;

namespace SmartHomeCam.Telemetry.Tests.Otlp;

/// <summary>
/// A collector's OTLP/HTTP endpoint on a loopback port, in process: <c>POST /v1/traces</c> and <c>POST /v1/metrics</c>
/// with <c>application/x-protobuf</c> bodies, decoded with protobuf-net and kept for the test to read (logs are
/// acknowledged and dropped).
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<ExportTraceServiceRequest> traces = [];
    private readonly List<ExportMetricsServiceRequest> metrics = [];
    private readonly List<string> requests = [];

    private OtlpReceiver(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Requests that were not OTLP protobuf (wrong path, content type or undecodable body).</summary>
    public int Rejected { get; private set; }

    /// <summary>One line per request received, for failure messages.</summary>
    public string Requests
    {
        get
        {
            lock (requests)
            {
                return string.Join('\n', requests);
            }
        }
    }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", (HttpRequest request) => receiver.ReceiveAsync(request, receiver.traces));
        app.MapPost("/v1/metrics", (HttpRequest request) => receiver.ReceiveAsync(request, receiver.metrics));
        app.MapPost("/v1/logs", (HttpRequest request) =>
        {
            // The server exports its logs too; these tests do not read them.
            receiver.Log($"{request.Method} {request.Path} {request.ContentType} {request.ContentLength}");
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapFallback((HttpRequest request) =>
        {
            receiver.Rejected++;
            receiver.Log($"{request.Method} {request.Path} unexpected");
            return Results.NotFound();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    /// <summary>Every span received so far, with the resource it came from.</summary>
    public List<(OtlpResource? Resource, OtlpSpan Span)> Spans()
    {
        lock (traces)
        {
            return [.. traces.SelectMany(t => t.ResourceSpans)
                .SelectMany(r => r.ScopeSpans.SelectMany(s => s.Spans).Select(span => (r.Resource, span)))];
        }
    }

    /// <summary>Every metric received so far (one per export), with the resource it came from.</summary>
    public List<(OtlpResource? Resource, OtlpMetric Metric)> Metrics()
    {
        lock (metrics)
        {
            return [.. metrics.SelectMany(m => m.ResourceMetrics)
                .SelectMany(r => r.ScopeMetrics.SelectMany(s => s.Metrics).Select(metric => (r.Resource, metric)))];
        }
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private void Log(string line)
    {
        lock (requests)
        {
            requests.Add(line);
        }
    }

    private async Task<IResult> ReceiveAsync<T>(HttpRequest request, List<T> into)
    {
        Log($"{request.Method} {request.Path} {request.ContentType} {request.ContentLength}");
        if (request.ContentType != "application/x-protobuf")
        {
            Rejected++;
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        body.Position = 0;
        T message;
        try
        {
            message = Serializer.Deserialize<T>(body);
        }
        catch (ProtoException)
        {
            Rejected++;
            return Results.BadRequest();
        }

        lock (into)
        {
            into.Add(message);
        }

        // An empty Export*ServiceResponse: full success.
        return Results.Bytes([], "application/x-protobuf");
    }
}
