namespace SmartHomeCam.Data;

/// <summary>
/// The stable device id Google knows a camera by, assigned once per (account, provider, provider camera id)
/// and never changed: a changed id is a new device to Google (spec §2, checklist 8).
/// </summary>
public sealed class CameraDevice
{
    public string DeviceId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string ProviderId { get; set; } = "";
    public string ProviderCameraId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
