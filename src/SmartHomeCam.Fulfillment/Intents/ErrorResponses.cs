using System.Text.Json;

namespace SmartHomeCam.Fulfillment.Intents;

/// <summary>Payload-level errors shaped to pass the intent's own response schema.</summary>
public static class ErrorResponses
{
    public static void Write(Utf8JsonWriter json, string requestId, string? intent, string errorCode, string debug, string agentUserId)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (intent == IntentNames.Disconnect)
        {
            json.WriteStartObject();
            json.WriteEndObject();
            return;
        }

        json.WriteStartObject();
        json.WriteString("requestId", requestId);
        json.WriteStartObject("payload");
        if (intent == IntentNames.Sync)
        {
            // sync.response requires agentUserId and devices next to the error.
            json.WriteString("agentUserId", agentUserId);
            json.WriteStartArray("devices");
            json.WriteEndArray();
        }
        else if (intent == IntentNames.Query)
        {
            json.WriteStartObject("devices"); // query.response requires devices
            json.WriteEndObject();
        }

        json.WriteString("errorCode", errorCode);
        json.WriteString("debugString", debug);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
