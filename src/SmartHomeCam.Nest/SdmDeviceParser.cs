using System.Text.Json;

namespace SmartHomeCam.Nest;

/// <summary>Reads a devices.list answer (spec §2); devices without a camera are skipped, malformed entries too.</summary>
public static class SdmDeviceParser
{
    private const string LiveStreamTrait = "sdm.devices.traits.CameraLiveStream";
    private static readonly string[] CameraTypes = [SdmDevice.CameraType, SdmDevice.DoorbellType, SdmDevice.DisplayType];

    public static IReadOnlyList<SdmDevice> ParseList(string json)
    {
        try
        {
            return ParseDocument(json);
        }
        catch (InvalidOperationException e)
        {
            // A string that is not valid UTF-8 (or not a string where one must be): malformed JSON all the same.
            throw new JsonException("Malformed device list.", e);
        }
    }

    private static List<SdmDevice> ParseDocument(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("devices", out var devices))
        {
            return []; // no device shared: Google omits the array
        }

        if (devices.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("'devices' is not an array.");
        }

        var result = new List<SdmDevice>();
        foreach (var device in devices.EnumerateArray())
        {
            if (Parse(device) is { } parsed)
            {
                result.Add(parsed);
            }
        }

        return result;
    }

    public static SdmDevice? Parse(JsonElement device)
    {
        if (device.ValueKind != JsonValueKind.Object
            || Str(device, "name") is not { } name || Str(device, "type") is not { } type
            || !CameraTypes.Contains(type, StringComparer.Ordinal))
        {
            return null;
        }

        var id = name[(name.LastIndexOf('/') + 1)..];
        if (id.Length == 0 || !device.TryGetProperty("traits", out var traits) || traits.ValueKind != JsonValueKind.Object
            || !traits.TryGetProperty(LiveStreamTrait, out var live) || live.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? room = null, structure = null, roomId = null;
        if (device.TryGetProperty("parentRelations", out var parents) && parents.ValueKind == JsonValueKind.Array && parents.GetArrayLength() > 0)
        {
            var first = parents[0];
            room = Str(first, "displayName");
            // enterprises/p/structures/s/rooms/r
            var parts = (Str(first, "parent") ?? "").Split('/');
            var at = Array.IndexOf(parts, "structures");
            structure = at >= 0 && at + 1 < parts.Length ? parts[at + 1] : null;
            roomId = at >= 0 && at + 3 < parts.Length && parts[at + 2] == "rooms" ? parts[at + 3] : null;
        }

        var customName = traits.TryGetProperty("sdm.devices.traits.Info", out var info) ? Str(info, "customName") : null;
        var display = !string.IsNullOrWhiteSpace(customName) ? customName.Trim()
            : !string.IsNullOrWhiteSpace(room) ? room.Trim() : "Nest camera";
        return new SdmDevice(id, type, display, string.IsNullOrWhiteSpace(room) ? null : room.Trim(), structure,
            Strings(live, "supportedProtocols"), Strings(live, "audioCodecs").Contains("AAC", StringComparer.Ordinal))
        {
            RoomId = roomId,
            HasPersonOrChimeEvents = traits.TryGetProperty("sdm.devices.traits.CameraPerson", out _) || traits.TryGetProperty("sdm.devices.traits.DoorbellChime", out _),
        };
    }

    private static string? Str(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string[] Strings(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray()
            : [];
}
