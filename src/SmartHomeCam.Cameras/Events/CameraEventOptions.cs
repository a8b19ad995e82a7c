namespace SmartHomeCam.Cameras.Events;

/// <summary>Bound from <c>Cameras:Events</c>.</summary>
public sealed class CameraEventOptions
{
    /// <summary>How often the dispatcher looks for events recorded by other processes (the CLI, other replicas).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a dispatcher owns the events it claimed before another replica may deliver them.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delivery attempts before an event is given up on (and kept with its last error).</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Delivered events are kept this long for the dashboard, then deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
