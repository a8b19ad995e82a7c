using System.Globalization;
using System.Net;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Telemetry.Tests;

/// <summary>GET /metrics (OpenTelemetry's Prometheus exporter) after a real EXECUTE and real segment fetches.</summary>
[Collection(ProcessWideTelemetry.Name)]
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task After_an_execute_and_segment_fetches_the_named_series_have_plausible_values()
    {
        await using var server = await FulfillmentServer.StartAsync();
        using var http = server.Server.CreateClient();
        var url = await VoiceRequest.ExecuteAsync(server);
        var fetched = await VoiceRequest.PlayAsync(http, url);
        Assert.True(fetched >= 1);

        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var series = PrometheusText.Parse(text);

        Assert.True(series.Sum("shc_fulfillment_execute_duration_seconds_count") >= 1, text);
        var executeSeconds = series.Sum("shc_fulfillment_execute_duration_seconds_sum");
        Assert.InRange(executeSeconds, 0, 30);
        Assert.True(series.Sum("shc_stream_segments_served_total") >= fetched, text);
        Assert.True(series.Sum("shc_capture_sessions_active") >= 1, text);
        Assert.True(series.Sum("shc_camera_source_starts_total") >= 1, text);
        Assert.True(series.Sum("shc_stream_viewers") >= 1, text);
        Assert.True(series.Has("shc_camera_source_failures_total") || series.Has("shc_camera_source_starts_total"), text);
        // ASP.NET Core's own instrumentation: the fulfillment POSTs are there, by route and status.
        Assert.Contains(series.Lines, l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("http_route=\"/fulfillment\"", StringComparison.Ordinal) && l.Contains("http_response_status_code=\"200\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_scrape_endpoint_can_be_switched_off()
    {
        await using var server = await ServerInstance.StartAsync(new Dictionary<string, string?> { ["Telemetry:MetricsEnabled"] = "false" });
        using var http = server.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_scrape_relayed_by_the_public_proxy_from_an_internet_client_is_refused()
    {
        // Loopback is the trusted proxy here; the client it reports is on the internet, so /metrics is not for it.
        await using var server = await ServerInstance.StartAsync(new Dictionary<string, string?> { ["SmartHomeCam:TrustedProxies:0"] = "127.0.0.1" });
        using var http = server.CreateClient();
        using var relayed = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        relayed.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var direct = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(relayed)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(direct)).StatusCode);
    }

    /// <summary>The few bits of the Prometheus text format these assertions need.</summary>
    private sealed class PrometheusText
    {
        private PrometheusText(IReadOnlyList<string> lines) => Lines = lines;

        public IReadOnlyList<string> Lines { get; }

        public static PrometheusText Parse(string text) =>
            new(text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList());

        public bool Has(string name) => Lines.Any(l => NameOf(l) == name);

        /// <summary>The sum over every label set of the series (a counter with several label sets, say).</summary>
        public double Sum(string name) => Lines.Where(l => NameOf(l) == name).Sum(ValueOf);

        /// <summary>"name{labels} value [timestamp]": the first field after the labels.</summary>
        private static double ValueOf(string line)
        {
            var afterLabels = line.Contains('}', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[NameOf(line).Length..];
            return double.Parse(afterLabels.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }

        private static string NameOf(string line)
        {
            var end = line.IndexOfAny(['{', ' ']);
            return end < 0 ? line : line[..end];
        }
    }
}
