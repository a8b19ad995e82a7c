using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Streaming.WebRtc;

namespace SmartHomeCam.Fulfillment.Intents;

/// <summary>
/// SYNC: every camera of the account as a CAMERA (doorbells as a DOORBELL) with CameraStream (spec §2, §3.1, checklist 6–12). Cameras of an
/// unreachable provider are included (offline): leaving them out would make Google delete them.
/// </summary>
public sealed class SyncIntent(
    ICameraCatalog catalog, IOptions<FulfillmentOptions> options, IEnumerable<ICameraProvider> providers, IEnumerable<ISyncObserver> observers,
    IWebRtcAvailability? webRtc = null)
{
    public async Task WriteAsync(Utf8JsonWriter json, FulfillmentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(context);
        var cameras = await catalog.ListAsync(context.UserId, refresh: true, cancellationToken).ConfigureAwait(false);
        json.WriteStartObject();
        json.WriteString("requestId", context.RequestId);
        json.WriteStartObject("payload");
        json.WriteString("agentUserId", context.AgentUserId);
        json.WriteStartArray("devices");
        foreach (var camera in cameras)
        {
            WriteDevice(json, camera, options.Value.WillReportState, options.Value.WillReportState && DeliversObjectDetection(camera), webRtc is { IsAvailable: true });
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        foreach (var observer in observers)
        {
            observer.SyncAnswered(context.UserId, context.AgentUserId, cameras);
        }
    }

    /// <summary>Spec §3.7: ObjectDetection only where the provider really publishes doorbell/person events.</summary>
    private bool DeliversObjectDetection(CatalogCamera camera) =>
        providers.FirstOrDefault(p => p.Id == camera.ProviderId) is IObjectDetectionProvider detector && detector.DeliversObjectDetection(camera);

    /// <summary>Spec §3.1: doorbells are DOORBELL with the same CameraStream trait; everything else is a CAMERA.</summary>
    public static string DeviceType(CameraDeviceKind kind) => kind switch
    {
        CameraDeviceKind.Doorbell => IntentNames.DoorbellType,
        _ => IntentNames.CameraType,
    };

    private static void WriteDevice(Utf8JsonWriter json, CatalogCamera camera, bool willReportState, bool notifies, bool webRtc)
    {
        json.WriteStartObject();
        json.WriteString("id", camera.DeviceId);
        json.WriteString("type", DeviceType(camera.Kind));
        json.WriteStartArray("traits");
        json.WriteStringValue(IntentNames.CameraStreamTrait);
        if (notifies)
        {
            json.WriteStringValue(IntentNames.ObjectDetectionTrait);
        }

        json.WriteEndArray();
        json.WriteStartObject("name");
        json.WriteString("name", camera.Name);
        json.WriteStartArray("defaultNames");
        json.WriteStringValue($"{camera.DeviceInfo.Manufacturer} {camera.DeviceInfo.Model}");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteBoolean("willReportState", willReportState);
        json.WriteBoolean("notificationSupportedByAgent", notifies);
        if (!string.IsNullOrWhiteSpace(camera.Room))
        {
            json.WriteString("roomHint", camera.Room);
        }

        json.WriteStartObject("deviceInfo");
        json.WriteString("manufacturer", camera.DeviceInfo.Manufacturer);
        json.WriteString("model", camera.DeviceInfo.Model);
        json.WriteString("hwVersion", camera.DeviceInfo.HwVersion);
        json.WriteString("swVersion", camera.DeviceInfo.SwVersion);
        json.WriteEndObject();
        json.WriteStartObject("attributes");
        json.WriteStartArray("cameraStreamSupportedProtocols");
        if (webRtc)
        {
            json.WriteStringValue("webrtc"); // first: displays that render WebRTC ask for it; Chromecasts (hls only) still get HLS
        }

        json.WriteStringValue("hls"); // what we really serve
        json.WriteEndArray();
        json.WriteBoolean("cameraStreamNeedAuthToken", true);
        json.WriteEndObject();
        // No customData: QUERY and EXECUTE resolve cameras by id, so nothing needs to come back.
        json.WriteEndObject();
    }
}
