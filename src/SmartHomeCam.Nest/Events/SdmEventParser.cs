using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SmartHomeCam.Nest.Events;

/// <summary>
/// Reads Pub/Sub push bodies and SDM event payloads (spec §6). Anything malformed yields null (the message is
/// acknowledged and dropped, never retried forever); unknown event keys and traits are kept or ignored, never fatal.
/// </summary>
public static class SdmEventParser
{
    /// <summary>The push envelope <c>{"message":{"data":base64(json),"messageId":…},"subscription":…}</c>.</summary>
    public static SdmEventMessage? ParsePush(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            return ParseEnvelope(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8
            return null;
        }
    }

    /// <summary>A pulled or pushed <c>PubsubMessage</c> object (<c>data</c>, <c>messageId</c>).</summary>
    public static SdmEventMessage? ParseMessage(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        byte[] payload;
        try
        {
            payload = Convert.FromBase64String(data.GetString()!);
        }
        catch (FormatException)
        {
            return null;
        }

        return ParsePayload(payload);
    }

    public static SdmEventMessage? ParsePayload(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            return ParsePayload(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8
            return null;
        }
    }

    public static SdmEventMessage? ParsePayload(string json) => ParsePayload(Encoding.UTF8.GetBytes(json));

    private static SdmEventMessage? ParseEnvelope(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var message) ? ParseMessage(message) : null;

    private static SdmEventMessage? ParsePayload(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || Str(root, "eventId") is not { Length: > 0 and <= 200 } eventId
            || Str(root, "timestamp") is not { } ts
            || !DateTimeOffset.TryParse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            return null;
        }

        string? device = null;
        var events = new List<SdmDeviceEvent>();
        bool? online = null;
        if (root.TryGetProperty("resourceUpdate", out var update) && update.ValueKind == JsonValueKind.Object)
        {
            device = DeviceId(Str(update, "name"));
            if (update.TryGetProperty("events", out var list) && list.ValueKind == JsonValueKind.Object)
            {
                foreach (var e in list.EnumerateObject())
                {
                    events.Add(new SdmDeviceEvent(e.Name, Str(e.Value, "eventSessionId"), Str(e.Value, "eventId")));
                }
            }

            if (update.TryGetProperty("traits", out var traits) && traits.ValueKind == JsonValueKind.Object
                && traits.TryGetProperty("sdm.devices.traits.Connectivity", out var connectivity))
            {
                online = Str(connectivity, "status") switch
                {
                    "ONLINE" => true,
                    "OFFLINE" => false,
                    _ => null,
                };
            }
        }

        var relation = root.TryGetProperty("relationUpdate", out var rel) && rel.ValueKind == JsonValueKind.Object;
        if (relation && device is null)
        {
            device = DeviceId(Str(rel, "subject"));
        }

        return new SdmEventMessage(eventId, timestamp, device, events, online, relation, Str(root, "eventThreadState"));
    }

    /// <summary><c>enterprises/p/devices/d</c> → <c>d</c>; anything else → null.</summary>
    public static string? DeviceId(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var at = name.LastIndexOf("/devices/", StringComparison.Ordinal);
        var id = at >= 0 ? name[(at + "/devices/".Length)..] : null;
        return string.IsNullOrEmpty(id) || id.Contains('/', StringComparison.Ordinal) ? null : id;
    }

    private static string? Str(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
