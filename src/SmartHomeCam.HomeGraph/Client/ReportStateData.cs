using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SmartHomeCam.HomeGraph.Client;

// devices.reportStateAndNotification bodies (spec §5), named as in Google.Apis.HomeGraphService.v1.Data.

public sealed class ReportStateAndNotificationRequest
{
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }

    [JsonPropertyName("eventId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EventId { get; set; }

    [JsonPropertyName("agentUserId")]
    public string AgentUserId { get; set; } = "";

    [JsonPropertyName("payload")]
    public StateAndNotificationPayload Payload { get; set; } = new();
}

public sealed class StateAndNotificationPayload
{
    [JsonPropertyName("devices")]
    public ReportStateAndNotificationDevice Devices { get; set; } = new();
}

public sealed class ReportStateAndNotificationDevice
{
    /// <summary>Device id → its complete state (never <c>status</c>, <c>errorCode</c> or nulls: Google answers 400).</summary>
    [JsonPropertyName("states")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? States { get; set; }

    /// <summary>Device id → trait name → notification.</summary>
    [JsonPropertyName("notifications")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Notifications { get; set; }
}

public sealed class ReportStateAndNotificationResponse
{
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }
}
