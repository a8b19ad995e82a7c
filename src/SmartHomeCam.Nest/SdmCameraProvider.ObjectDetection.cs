using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Connections;

namespace SmartHomeCam.Nest;

/// <summary>
/// Which Nest devices SYNC may advertise ObjectDetection for (Google smart-home spec §3.7: only where we deliver the
/// notifications): those devices.list gave the CameraPerson or DoorbellChime trait, whose events
/// (<c>CameraPerson.Person</c>, <c>DoorbellChime.Chime</c>) the event sink publishes — so none while the Pub/Sub push
/// endpoint is off (no <c>Nest:PushSecret</c>). A doorbell is SYNCed as DOORBELL;
/// a display (Hub Max) stays a CAMERA.
/// </summary>
public sealed partial class SdmCameraProvider
{
    public bool DeliversObjectDetection(CatalogCamera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (string.IsNullOrEmpty(options.Value.PushSecret))
        {
            return false; // no events reach us
        }

        var deviceId = ConnectionCameraIds.TryParse(camera.ProviderCameraId, out _, out var id) ? id : camera.ProviderCameraId;
        // SYNC lists (and so fetches devices.list) right before asking; without a list yet, a doorbell still chimes.
        return devices.FindAny(deviceId) is { } device ? device.HasPersonOrChimeEvents : camera.Kind == CameraDeviceKind.Doorbell;
    }

    internal static CameraDeviceKind KindOf(SdmDevice device) =>
        device.Type == SdmDevice.DoorbellType ? CameraDeviceKind.Doorbell : CameraDeviceKind.Camera;
}
