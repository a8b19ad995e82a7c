using System.Text.Json;
using SmartHomeCam.Cameras;

namespace SmartHomeCam.Fulfillment.Intents;

/// <summary>
/// QUERY: <c>{online, status}</c> per requested id (spec §3.3, checklist 13). A camera whose provider is
/// unreachable is still the account's device: it answers OFFLINE/deviceOffline, not deviceNotFound.
/// </summary>
public sealed class QueryIntent(ICameraCatalog catalog)
{
    public async Task WriteAsync(Utf8JsonWriter json, FulfillmentContext context, JsonElement payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(context);
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("devices", out var devices) || devices.ValueKind != JsonValueKind.Array)
        {
            ErrorResponses.Write(json, context.RequestId, IntentNames.Query, GoogleErrorCodes.ProtocolError, "payload.devices must be an array.", context.AgentUserId);
            return;
        }

        var cameras = await catalog.ListAsync(context.UserId, refresh: false, cancellationToken).ConfigureAwait(false);
        json.WriteStartObject();
        json.WriteString("requestId", context.RequestId);
        json.WriteStartObject("payload");
        json.WriteStartObject("devices");
        var answered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in devices.EnumerateArray())
        {
            if (device.ValueKind != JsonValueKind.Object || !device.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
            {
                continue; // nothing to key an answer by
            }

            var id = idElement.GetString()!;
            if (!answered.Add(id))
            {
                continue; // a JSON object cannot hold the same key twice
            }

            json.WriteStartObject(id);
            var camera = Find(cameras, id);
            if (camera is null)
            {
                json.WriteBoolean("online", false);
                json.WriteString("status", "ERROR");
                json.WriteString("errorCode", GoogleErrorCodes.DeviceNotFound);
            }
            else if (!camera.Online)
            {
                json.WriteBoolean("online", false);
                json.WriteString("status", "OFFLINE");
                json.WriteString("errorCode", GoogleErrorCodes.DeviceOffline);
            }
            else
            {
                json.WriteBoolean("online", true);
                json.WriteString("status", "SUCCESS");
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static CatalogCamera? Find(IReadOnlyList<CatalogCamera> cameras, string id)
    {
        for (var i = 0; i < cameras.Count; i++)
        {
            if (cameras[i].DeviceId == id)
            {
                return cameras[i];
            }
        }

        return null;
    }
}
