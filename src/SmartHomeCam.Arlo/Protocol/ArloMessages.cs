using System.Text.Json.Nodes;

namespace SmartHomeCam.Arlo.Protocol;

/// <summary>Message types, reply codes and builders of the local protocol (spec §2).</summary>
public static class ArloMessages
{
    public const string Registration = "registration";
    public const string Status = "status";
    public const string Alert = "alert";
    public const string LogMessage = "logMessage";
    public const string Response = "response";
    public const string RegisterSet = "registerSet";
    public const string RegisterGet = "registerGet";
    public const string StatusRequest = "statusRequest";
    public const string RaParams = "raParams";
    public const string FullSnapshot = "fullSnapshot";
    public const string MotionZone = "motionZone";

    public const string Ack = "Ack";
    public const string AckWithErrors = "Ack with Errors";
    public const string Nack = "Nack";

    public static string? TypeOf(JsonObject message) => Text(message, "Type");

    public static string? Text(JsonObject message, string name) =>
        message?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static int? Number(JsonObject message, string name)
    {
        if (message?[name] is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        return value.TryGetValue<double>(out var d) && double.IsFinite(d) && Math.Abs(d) < int.MaxValue ? (int)Math.Round(d) : null;
    }

    /// <summary>A reply echoing <paramref name="id"/> (a copy of whatever the sender put there).</summary>
    public static JsonObject Reply(JsonNode? id, string response, IEnumerable<string>? errors = null)
    {
        var reply = new JsonObject { ["Type"] = Response, ["ID"] = id?.DeepClone(), ["Response"] = response };
        if (errors is not null)
        {
            reply["Errors"] = new JsonArray([.. errors.Select(e => (JsonNode)e)]);
        }

        return reply;
    }

    public static JsonObject Command(string type, int id, string? payloadName = null, JsonNode? payload = null)
    {
        var command = new JsonObject { ["Type"] = type, ["ID"] = id };
        if (payloadName is not null)
        {
            command[payloadName] = payload;
        }

        return command;
    }
}
