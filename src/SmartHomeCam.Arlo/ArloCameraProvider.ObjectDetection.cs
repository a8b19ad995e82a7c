using SmartHomeCam.Cameras;

namespace SmartHomeCam.Arlo;

/// <summary>
/// Arlo's side of ObjectDetection (Google smart-home spec §3.7: advertised only where we deliver it): doorbells —
/// the audio (AAD…) and video (AVD…) models that talk to the 4100 listener — send <c>buttonPressAlert</c>, which
/// the inbound handler publishes as a doorbell press. Cameras only raise PIR motion alerts, never person
/// detection, so they get no ObjectDetection. Doorbells are SYNCed as DOORBELL.
/// </summary>
public sealed partial class ArloCameraProvider
{
    /// <summary>Server model prefixes of Arlo doorbells (basestation spec: <c>AAD</c>, <c>AVD</c>).</summary>
    private static readonly string[] DoorbellModelPrefixes = ["AAD", "AVD"];

    public bool DeliversObjectDetection(CatalogCamera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return camera.Kind == CameraDeviceKind.Doorbell;
    }

    internal static CameraDeviceKind KindOf(string? model) =>
        model is not null && DoorbellModelPrefixes.Any(p => model.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            ? CameraDeviceKind.Doorbell
            : CameraDeviceKind.Camera;
}
