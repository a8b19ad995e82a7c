using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SmartHomeCam.Telemetry;

/// <summary>
/// The product's one <see cref="Meter"/> and one <see cref="ActivitySource"/>, and the instruments operators
/// watch. Static, like the BCL's own (HttpClient, Kestrel): recording is a no-op until a listener (the
/// OpenTelemetry SDK in the server) subscribes, and instruments never name a device or an account (unbounded
/// label values would grow every scrape).
/// </summary>
public static class SmartHomeCamTelemetry
{
    /// <summary>Name of both the meter and the activity source (what the exporters subscribe to).</summary>
    public const string Name = "SmartHomeCam";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Capture sessions whose pipeline is running (starting, live or backing off).</summary>
    public static readonly UpDownCounter<long> ActiveSessions = Meter.CreateUpDownCounter<long>(
        "shc.capture.sessions.active", "{session}", "Capture sessions whose camera pipeline is running.");

    public static readonly Counter<long> SegmentsServed = Meter.CreateCounter<long>(
        "shc.stream.segments.served", "{segment}", "HLS media segments sent to players.");

    public static readonly Counter<long> SourceStarts = Meter.CreateCounter<long>(
        "shc.camera.source.starts", "{start}", "Camera source connection attempts (first starts and restarts).");

    public static readonly Counter<long> SourceFailures = Meter.CreateCounter<long>(
        "shc.camera.source.failures", "{failure}", "Camera sources that failed or ended the stream.");

    public static readonly Counter<long> SourceRestarts = Meter.CreateCounter<long>(
        "shc.camera.source.restarts", "{restart}", "Camera source attempts after a failure (back-off restarts).");

    /// <summary>Seconds from the EXECUTE request to its answer (Google allows a few seconds at most).</summary>
    public static readonly Histogram<double> ExecuteDuration = Meter.CreateHistogram(
        "shc.fulfillment.execute.duration", "s", "Time to answer a Google EXECUTE intent.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>Distinct stream URLs that fetched a playlist recently (see <see cref="StreamViewers"/>).</summary>
    public static readonly ObservableGauge<long> Viewers = Meter.CreateObservableGauge(
        "shc.stream.viewers", () => StreamViewers.Count(), "{viewer}", "Stream URLs that fetched a playlist in the last 30 s.");

    /// <summary>
    /// Times one EXECUTE: an activity for the trace and the latency histogram. <c>using var _ = …</c> around the
    /// intent; everything the intent starts (session acquire, source start) becomes part of its trace.
    /// </summary>
    public static ExecuteMeasurement MeasureExecute() => new(Source.StartActivity("EXECUTE", ActivityKind.Internal), Stopwatch.GetTimestamp());
}
