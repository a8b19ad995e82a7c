using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartHomeCam.NestLegacy.Api;

/// <summary>One camera of the camera-list call (spec §2); only the fields this provider uses.</summary>
public sealed class NestCameraItem
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("type")]
    public int Type { get; set; }

    [JsonPropertyName("is_online")]
    public bool IsOnline { get; set; }

    [JsonPropertyName("is_streaming_enabled")]
    public bool? IsStreamingEnabled { get; set; }

    [JsonPropertyName("capabilities")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> Capabilities { get; } = [];

    [JsonPropertyName("properties")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IDictionary<string, JsonElement> Properties { get; } = new Dictionary<string, JsonElement>();

    [JsonPropertyName("direct_nexustalk_host")]
    public string? DirectNexustalkHost { get; set; }

    [JsonPropertyName("websocket_nexustalk_host")]
    public string? WebSocketNexustalkHost { get; set; }

    /// <summary>properties["streaming.enabled"]; a camera switched off in the Nest app must not be connected to (spec §7).</summary>
    public bool StreamingEnabled => Property("streaming.enabled") ?? IsStreamingEnabled ?? true;

    public bool AudioEnabled => Property("audio.enabled") ?? false;

    /// <summary>The Nest model name of <see cref="Type"/> (spec §2).</summary>
    public string Model => Type switch
    {
        8 => "Nest Cam Indoor",
        9 => "Nest Cam Outdoor",
        10 => "Nest Cam IQ Indoor",
        11 => "Nest Cam IQ Outdoor",
        12 => "Nest Hello",
        _ => "Nest camera",
    };

    private bool? Property(string name) =>
        Properties.TryGetValue(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
}
