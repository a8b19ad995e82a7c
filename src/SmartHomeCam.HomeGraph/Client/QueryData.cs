using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SmartHomeCam.HomeGraph.Client;

// devices.query and devices.sync bodies (spec §5).

public sealed class QueryRequest
{
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }

    [JsonPropertyName("agentUserId")]
    public string AgentUserId { get; set; } = "";

    [JsonPropertyName("inputs")]
    public IList<QueryRequestInput> Inputs { get; set; } = [];
}

public sealed class QueryRequestInput
{
    [JsonPropertyName("payload")]
    public QueryRequestPayload Payload { get; set; } = new();
}

public sealed class QueryRequestPayload
{
    [JsonPropertyName("devices")]
    public IList<AgentDeviceId> Devices { get; set; } = [];
}

public sealed class AgentDeviceId
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";
}

public sealed class QueryResponse
{
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }

    [JsonPropertyName("payload")]
    public QueryResponsePayload? Payload { get; set; }
}

public sealed class QueryResponsePayload
{
    /// <summary>Device id → the state HomeGraph holds.</summary>
    [JsonPropertyName("devices")]
    public JsonObject? Devices { get; set; }
}

public sealed class SyncRequest
{
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }

    [JsonPropertyName("agentUserId")]
    public string AgentUserId { get; set; } = "";
}

public sealed class SyncResponse
{
    [JsonPropertyName("requestId")]
    public string? RequestId { get; set; }

    [JsonPropertyName("payload")]
    public SyncResponsePayload? Payload { get; set; }
}

public sealed class SyncResponsePayload
{
    [JsonPropertyName("agentUserId")]
    public string? AgentUserId { get; set; }

    /// <summary>The devices as SYNC declared them (kept as JSON: only tests and diagnostics read them).</summary>
    [JsonPropertyName("devices")]
    public JsonArray? Devices { get; set; }
}
