using System.Text.Json;

namespace SmartHomeCam.Fulfillment.Intents;

/// <summary>
/// The parts of a fulfillment request we dispatch on, read defensively: any field may be missing or of the
/// wrong type, and that must end in a protocolError answer, never an exception (spec §1.1, checklist 5).
/// </summary>
public sealed record IntentEnvelope(string? RequestId, string? Intent, JsonElement Payload, string? Problem)
{
    public static IntentEnvelope Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new IntentEnvelope(null, null, default, "The body is not a JSON object.");
        }

        string? requestId = root.TryGetProperty("requestId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array || inputs.GetArrayLength() == 0)
        {
            return new IntentEnvelope(requestId, null, default, "inputs must be a non-empty array.");
        }

        var input = inputs[0];
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty("intent", out var intent) || intent.ValueKind != JsonValueKind.String)
        {
            return new IntentEnvelope(requestId, null, default, "inputs[0].intent must be a string.");
        }

        var payload = input.TryGetProperty("payload", out var p) ? p : default;
        return new IntentEnvelope(requestId, intent.GetString(), payload, requestId is null ? "requestId must be a string." : null);
    }
}
