namespace SmartHomeCam.Cameras;

/// <summary>A camera as its provider knows it, keyed by the provider's own id.</summary>
public sealed record ProviderCamera(
    string ProviderCameraId,
    string Name,
    string? Room,
    CameraDeviceInfo DeviceInfo,
    bool Online)
{
    /// <summary>Doorbell or camera (SYNC type); providers that know their doorbells set it.</summary>
    public CameraDeviceKind Kind { get; init; }
}

/// <summary>Strings Google shows in the device's settings (SYNC <c>deviceInfo</c>).</summary>
public sealed record CameraDeviceInfo(string Manufacturer, string Model, string HwVersion, string SwVersion);
