using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Telemetry.Tests;

/// <summary>
/// One voice request is one trace: EXECUTE → session acquire → source start → first segment → first playlist,
/// read from spans the real server exported (OpenTelemetry's in-memory exporter).
/// </summary>
[Collection(ProcessWideTelemetry.Name)]
public sealed class ExecuteTraceTests
{
    [Fact]
    public async Task The_spans_of_one_execute_chain_from_the_request_to_the_first_playlist()
    {
        var spans = new SpanLog();
        await using var server = await FulfillmentServer.StartAsync(new Dictionary<string, string?> { ["Telemetry:TracingEnabled"] = "true" }, services: s =>
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        using var http = server.Server.CreateClient();

        var url = await VoiceRequest.ExecuteAsync(server);
        await VoiceRequest.PlayAsync(http, url);

        Activity Single(string name) => Assert.Single(spans.Snapshot(), a => a.DisplayName == name);
        await Poll.UntilAsync(() => Task.FromResult(spans.Snapshot().Any(a => a.DisplayName == "hls.first_playlist")), TimeSpan.FromSeconds(10), "the first-playlist span");
        var execute = Single("EXECUTE");
        var acquire = Single("session.acquire");
        var sourceStart = Single("camera.source.start");
        var firstSegment = Single("hls.first_segment");
        var firstPlaylist = Single("hls.first_playlist");

        // The EXECUTE span sits under ASP.NET Core's span for POST /fulfillment.
        var post = Assert.Single(spans.Snapshot(), a => a.SpanId == execute.ParentSpanId);
        Assert.Equal(ActivityKind.Server, post.Kind);
        Assert.Equal(execute.SpanId, acquire.ParentSpanId);
        foreach (var milestone in new[] { sourceStart, firstSegment, firstPlaylist })
        {
            Assert.Equal(execute.TraceId, milestone.TraceId);
            Assert.Equal(acquire.SpanId, milestone.ParentSpanId);
        }

        // The playlist span links the player's own request trace, and the milestones come in order.
        var link = Assert.Single(firstPlaylist.Links);
        var playlistRequest = Assert.Single(spans.Snapshot(), a => a.SpanId == link.Context.SpanId);
        Assert.NotEqual(execute.TraceId, playlistRequest.TraceId);
        Assert.True(sourceStart.StartTimeUtc >= acquire.StartTimeUtc);
        Assert.True(End(sourceStart) <= End(firstSegment));
        Assert.True(End(firstSegment) <= End(firstPlaylist));
        Assert.Equal(ActivityStatusCode.Unset, sourceStart.Status);
    }

    private static DateTime End(Activity span) => span.StartTimeUtc + span.Duration;
}
