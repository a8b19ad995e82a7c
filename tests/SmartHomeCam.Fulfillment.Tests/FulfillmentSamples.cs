using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Fulfillment.Tests;

/// <summary>
/// The request/response pairs in fulfillment-samples/. Requests name devices as "&lt;device:Name&gt;";
/// responses are compared after replacing the run's device ids, agent id and stream tokens with placeholders.
/// </summary>
public static partial class FulfillmentSamples
{
    public const string PublicBaseUrl = "https://cam.example.com";

    /// <summary>Readable JSON: placeholders keep their angle brackets.</summary>
    public static readonly JsonSerializerOptions Readable = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<(string Name, JsonObject Sample)> Load() =>
        Directory.GetFiles(RepositoryPaths.FulfillmentSamples, "*.json").Order(StringComparer.Ordinal)
            .Select(p => (Path.GetFileNameWithoutExtension(p), JsonNode.Parse(File.ReadAllText(p))!.AsObject())).ToList();

    public static string RequestText(JsonObject sample, IReadOnlyDictionary<string, string> devices)
    {
        var text = sample["requestText"]?.GetValue<string>() ?? sample["request"]!.ToJsonString(Compact);
        return DevicePlaceholder().Replace(text, m => devices.TryGetValue(m.Groups[1].Value, out var id) ? id : m.Value);
    }

    /// <summary>The intent whose response schema applies (unknown or unreadable intents answer in EXECUTE's shape).</summary>
    public static string IntentOf(string requestText)
    {
        try
        {
            var intent = JsonNode.Parse(requestText)?["inputs"]?[0]?["intent"]?.GetValue<string>();
            return intent is "action.devices.SYNC" or "action.devices.QUERY" or "action.devices.EXECUTE" or "action.devices.DISCONNECT"
                ? intent["action.devices.".Length..]
                : "EXECUTE";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            return "EXECUTE";
        }
    }

    public static JsonNode Normalize(string responseBody, IReadOnlyDictionary<string, string> devices, string agentUserId)
    {
        var text = responseBody;
        foreach (var (name, id) in devices)
        {
            text = text.Replace($"\"{id}\"", $"\"<device:{name}>\"", StringComparison.Ordinal);
        }

        text = text.Replace($"\"{agentUserId}\"", "\"<agentUserId>\"", StringComparison.Ordinal);
        text = StreamToken().Replace(text, "/streams/<stream-token>/");
        text = AuthToken().Replace(text, "\"cameraStreamAuthToken\":\"<stream-token>\"");
        return JsonNode.Parse(text)!;
    }

    [GeneratedRegex("<device:([^>]+)>")]
    private static partial Regex DevicePlaceholder();

    [GeneratedRegex("/streams/[A-Za-z0-9_-]+/")]
    private static partial Regex StreamToken();

    [GeneratedRegex("\"cameraStreamAuthToken\":\"[A-Za-z0-9_-]+\"")]
    private static partial Regex AuthToken();
}
