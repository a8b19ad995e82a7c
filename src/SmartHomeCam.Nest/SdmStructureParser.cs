using System.Text.Json;

namespace SmartHomeCam.Nest;

/// <summary>
/// Reads <c>structures.list</c> (<c>{"structures":[{"name":"enterprises/p/structures/s","traits":{"sdm.structures.traits.Info":{"customName":"Home"}}}]}</c>)
/// and <c>rooms.list</c> (<c>{"rooms":[{"name":"…/rooms/r","traits":{"sdm.structures.traits.RoomInfo":{"customName":"Porch"}}}]}</c>).
/// Malformed entries are skipped; a missing array means none shared.
/// </summary>
public static class SdmStructureParser
{
    public static IReadOnlyList<(string Id, string Name)> ParseStructures(string json) => Parse(json, "structures", "sdm.structures.traits.Info", "Home");

    public static IReadOnlyList<(string Id, string Name)> ParseRooms(string json) => Parse(json, "rooms", "sdm.structures.traits.RoomInfo", "Room");

    private static List<(string Id, string Name)> Parse(string json, string array, string trait, string fallback)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty(array, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var result = new List<(string, string)>();
            foreach (var item in list.EnumerateArray())
            {
                if (Str(item, "name") is not { } name || name[(name.LastIndexOf('/') + 1)..] is not { Length: > 0 } id)
                {
                    continue;
                }

                var custom = item.TryGetProperty("traits", out var traits) && traits.ValueKind == JsonValueKind.Object
                    && traits.TryGetProperty(trait, out var info) ? Str(info, "customName") : null;
                result.Add((id, string.IsNullOrWhiteSpace(custom) ? fallback : custom.Trim()));
            }

            return result;
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException("Malformed structure list.", e);
        }
    }

    private static string? Str(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
