namespace SmartHomeCam.Data;

/// <summary>
/// A camera event in the outbox: written in the same database as everything else by whoever raises it (a
/// provider in the server, or a CLI process), then delivered to in-process subscribers by the server's
/// dispatcher. Delivery is at-least-once; <see cref="EventId"/> is unique and stable so consumers de-duplicate.
/// </summary>
public sealed class CameraEventRecord
{
    /// <summary>Insertion order, which is delivery order.</summary>
    public long Id { get; set; }

    /// <summary>The provider's stable event id (or one derived from the change); unique.</summary>
    public string EventId { get; set; } = "";

    public string UserId { get; set; } = "";
    public string? DeviceId { get; set; }
    public string ProviderId { get; set; } = "";
    public string ProviderCameraId { get; set; } = "";
    public string Kind { get; set; } = "";
    public int? BatteryPercent { get; set; }
    public string? Detail { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Set once every subscriber handled it (or it was given up on after too many attempts).</summary>
    public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>The dispatcher (replica) that claimed it, until <see cref="LeaseUntil"/>; another may take over after.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
