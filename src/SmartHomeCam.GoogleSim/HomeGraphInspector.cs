using System.Text.Json.Nodes;

namespace SmartHomeCam.GoogleSim;

/// <summary>Reads what a fake HomeGraph holds for an agent user: reported states and the calls it received.</summary>
public sealed class HomeGraphInspector(Uri homeGraphUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = homeGraphUrl, Timeout = GoogleHttp.Timeout };

    public async Task<AgentUserView> ReadAsync(string agentUserId)
    {
        var text = await http.GetStringAsync(new Uri("fake/agentUsers/" + Uri.EscapeDataString(agentUserId), UriKind.Relative)).ConfigureAwait(false);
        var root = JsonNode.Parse(text) as JsonObject ?? [];
        var states = root["states"] as JsonObject ?? [];
        var calls = (root["calls"] as JsonArray ?? []).OfType<JsonObject>().Where(c => c["status"]?.GetValue<int>() == 200).ToList();
        return new AgentUserView(states, calls);
    }

    public void Dispose() => http.Dispose();
}

/// <summary>One agent user as the fake HomeGraph holds it; calls are the successful ones, in order.</summary>
public sealed record AgentUserView(JsonObject States, IReadOnlyList<JsonObject> Calls)
{
    public int RequestSyncs => Calls.Count(c => c["method"]?.GetValue<string>() == "requestSync");

    /// <summary>Notifications (report calls carrying an event id) for a device.</summary>
    public IReadOnlyList<string> NotificationEventIds(string deviceId) =>
        [.. Calls.Where(c => c["method"]?.GetValue<string>() == "reportStateAndNotification" && c["eventId"] is not null &&
                             c["body"]?["payload"]?["devices"]?["notifications"]?[deviceId] is not null)
            .Select(c => c["eventId"]!.GetValue<string>())];
}
