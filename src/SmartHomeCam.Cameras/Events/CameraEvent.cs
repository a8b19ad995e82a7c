namespace SmartHomeCam.Cameras.Events;

/// <summary>
/// One camera event. <see cref="EventId"/> is stable (the provider's own id, or derived from the change) and
/// unique: delivery is at-least-once, so consumers de-duplicate by it.
/// </summary>
public sealed record CameraEvent(
    string EventId,
    string UserId,
    string ProviderId,
    string ProviderCameraId,
    CameraEventKind Kind,
    DateTimeOffset OccurredAt)
{
    /// <summary>The device id Google knows the camera by; filled in on publishing when the provider does not know it.</summary>
    public string? DeviceId { get; init; }

    /// <summary>For <see cref="CameraEventKind.Battery"/>: 0–100.</summary>
    public int? BatteryPercent { get; init; }

    /// <summary>A short human-readable addition (the new name of a rename, …); never a secret.</summary>
    public string? Detail { get; init; }
}
