using System.Text.Json.Serialization;

namespace SmartHomeCam.NestLegacy.Api;

/// <summary>The envelope of the camera API (spec §2): <c>status</c> 0 on success, <c>status_detail</c> otherwise.</summary>
public sealed class NestCameraList
{
    [JsonPropertyName("status")]
    public int Status { get; set; }

    [JsonPropertyName("status_detail")]
    public string? StatusDetail { get; set; }

    [JsonPropertyName("items")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<NestCameraItem> Items { get; } = [];
}
