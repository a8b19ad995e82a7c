namespace SmartHomeCam.Cameras;

/// <summary>
/// What kind of device a camera is to Google (SYNC <c>type</c>): a doorbell is SYNCed as
/// <c>action.devices.types.DOORBELL</c> with the same CameraStream trait, everything else as a CAMERA.
/// Persisted by name with the last known listing, so new kinds can be appended.
/// </summary>
public enum CameraDeviceKind
{
    Camera,
    Doorbell,
}
