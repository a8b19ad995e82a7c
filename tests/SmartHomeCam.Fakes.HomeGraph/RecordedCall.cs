using System.Text.Json.Nodes;

namespace SmartHomeCam.Fakes.HomeGraph;

/// <summary>One HomeGraph call as the fake received it (also the refused ones, with the status it answered).</summary>
public sealed record RecordedCall(string Method, string? AgentUserId, JsonNode? Body, int Status, DateTimeOffset At)
{
    public string? EventId => Body?["eventId"]?.GetValue<string>();

    /// <summary>Device id → state object of a report (empty for other calls).</summary>
    public IReadOnlyDictionary<string, JsonNode?> States =>
        Body?["payload"]?["devices"]?["states"] is JsonObject states ? states.ToDictionary(p => p.Key, p => p.Value) : new Dictionary<string, JsonNode?>();

    /// <summary>Device id → notification object of a report (empty for other calls).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Notifications =>
        Body?["payload"]?["devices"]?["notifications"] is JsonObject n ? n.ToDictionary(p => p.Key, p => p.Value) : new Dictionary<string, JsonNode?>();
}

/// <summary>The method names the fake records.</summary>
public static class HomeGraphMethods
{
    public const string ReportState = "reportStateAndNotification";
    public const string RequestSync = "requestSync";
    public const string Query = "query";
    public const string Sync = "sync";
    public const string DeleteAgentUser = "agentUsers.delete";
    public const string Token = "token";
}
