namespace SmartHomeCam.Cameras;

/// <summary>
/// A camera of one account as Google sees it: its stable device id, the provider and provider-side id it maps
/// to, and what the provider last said about it.
/// </summary>
public sealed record CatalogCamera(
    string DeviceId,
    string UserId,
    string ProviderId,
    string ProviderCameraId,
    string Name,
    string? Room,
    CameraDeviceInfo DeviceInfo,
    bool Online);
