using System.Diagnostics.Tracing;

namespace SmartHomeCam.Telemetry.Tests.Otlp;

/// <summary>
/// OpenTelemetry SDK's own warnings and errors (its EventSources), so a failed export explains itself in the test
/// message instead of failing silently.
/// </summary>
internal sealed class OpenTelemetryDiagnostics : EventListener
{
    private readonly List<string> lines = [];

    public string Text
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name.StartsWith("OpenTelemetry", StringComparison.Ordinal))
        {
            EnableEvents(eventSource, EventLevel.Warning);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var text = eventData.Message is { } format && eventData.Payload is { } payload
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, [.. payload])
            : eventData.EventName;
        if (text?.Contains("Instrument belongs to a Meter not subscribed", StringComparison.Ordinal) == true)
        {
            return; // the server's provider leaving the runtime's own meters alone: expected
        }

        lock (lines)
        {
            lines.Add($"{eventData.EventSource.Name}: {text}");
        }
    }
}
