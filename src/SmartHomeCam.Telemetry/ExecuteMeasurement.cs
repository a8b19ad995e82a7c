using System.Diagnostics;

namespace SmartHomeCam.Telemetry;

/// <summary>One EXECUTE in flight: ends its activity and records its latency when disposed.</summary>
public readonly struct ExecuteMeasurement(Activity? activity, long startedTimestamp) : IDisposable
{
    public Activity? Activity => activity;

    public void Dispose()
    {
        SmartHomeCamTelemetry.ExecuteDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
        activity?.Dispose();
    }
}
