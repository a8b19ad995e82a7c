namespace SmartHomeCam.Cameras;

/// <summary>
/// A camera of one account as Google sees it: its stable device id, the provider and provider-side id it maps
/// to, the name and room to show (the owner's when set, else the provider's), and whether it can stream now.
/// </summary>
public sealed record CatalogCamera(
    string DeviceId,
    string UserId,
    string ProviderId,
    string ProviderCameraId,
    string Name,
    string? Room,
    CameraDeviceInfo DeviceInfo,
    bool Online)
{
    /// <summary>The provider connection the camera came through; null for cameras listed without one.</summary>
    public Guid? ConnectionId { get; init; }

    /// <summary>True when the camera is reported from the last known listing because its provider is unreachable.</summary>
    public bool ProviderUnreachable { get; init; }

    /// <summary>Doorbell or camera, as its provider last listed it.</summary>
    public CameraDeviceKind Kind { get; init; }
}
