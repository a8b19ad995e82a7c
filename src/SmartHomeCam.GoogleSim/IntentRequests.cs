using System.Text.Json.Nodes;

namespace SmartHomeCam.GoogleSim;

/// <summary>The fulfillment request bodies Google sends (intent envelopes; GetCameraStream as a Cast device asks for it).</summary>
public static class IntentRequests
{
    public const string GetCameraStream = "action.devices.commands.GetCameraStream";

    public static string Sync(string requestId) => Envelope(requestId, "action.devices.SYNC", null);

    public static string Query(string requestId, IEnumerable<string> deviceIds) =>
        Envelope(requestId, "action.devices.QUERY", new JsonObject { ["devices"] = Devices(deviceIds) });

    /// <summary>One command for one device; by default GetCameraStream to a Chromecast accepting HLS.</summary>
    public static string Execute(string requestId, string deviceId, IEnumerable<string>? supportedProtocols = null, string command = GetCameraStream)
    {
        var protocols = new JsonArray((supportedProtocols ?? ["hls"]).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        var execution = new JsonObject
        {
            ["command"] = command,
            ["params"] = new JsonObject { ["StreamToChromecast"] = true, ["SupportedStreamProtocols"] = protocols },
        };
        var commands = new JsonArray(new JsonObject { ["devices"] = Devices([deviceId]), ["execution"] = new JsonArray(execution) });
        return Envelope(requestId, "action.devices.EXECUTE", new JsonObject { ["commands"] = commands });
    }

    public static string Disconnect(string requestId) => Envelope(requestId, "action.devices.DISCONNECT", null);

    private static JsonArray Devices(IEnumerable<string> ids) => new(ids.Select(id => (JsonNode?)new JsonObject { ["id"] = id }).ToArray());

    private static string Envelope(string requestId, string intent, JsonObject? payload)
    {
        var input = new JsonObject { ["intent"] = intent };
        if (payload is not null)
        {
            input["payload"] = payload;
        }

        return new JsonObject { ["requestId"] = requestId, ["inputs"] = new JsonArray(input) }.ToJsonString();
    }
}
