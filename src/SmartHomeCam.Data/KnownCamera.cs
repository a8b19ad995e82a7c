namespace SmartHomeCam.Data;

/// <summary>
/// The last listing a provider gave for one camera, plus what the owner set. Kept so that a provider outage
/// reports the camera offline instead of dropping it (which would make SYNC delete it from Google). Removed only
/// when the provider positively lists the camera's scope without it, or the owner removes it.
/// </summary>
public sealed class KnownCamera
{
    /// <summary>The device id from <see cref="CameraDevice"/>.</summary>
    public string DeviceId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string ProviderId { get; set; } = "";
    public string ProviderCameraId { get; set; } = "";

    /// <summary>The connection the camera came through; null for cameras a provider lists without one.</summary>
    public Guid? ConnectionId { get; set; }

    public string ProviderName { get; set; } = "";
    public string? ProviderRoom { get; set; }
    public string Manufacturer { get; set; } = "";
    public string Model { get; set; } = "";
    public string HwVersion { get; set; } = "";
    public string SwVersion { get; set; } = "";

    /// <summary>The device kind's name (<c>Camera</c>, <c>Doorbell</c>), as the provider last listed it.</summary>
    public string DeviceKind { get; set; } = "Camera";

    /// <summary>The online state last announced to event consumers.</summary>
    public bool Online { get; set; }

    /// <summary>The owner's name for the camera; wins over <see cref="ProviderName"/>.</summary>
    public string? CustomName { get; set; }

    /// <summary>The owner's room; wins over <see cref="ProviderRoom"/>. Empty means "no room" on purpose.</summary>
    public string? CustomRoom { get; set; }

    /// <summary>Set when the owner removed the camera: it stays out of listings even while the provider lists it.</summary>
    public DateTimeOffset? RemovedByOwnerAt { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}
