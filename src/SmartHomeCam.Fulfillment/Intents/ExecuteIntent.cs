using System.Text.Json;
using SmartHomeCam.Cameras;
using SmartHomeCam.Telemetry;

namespace SmartHomeCam.Fulfillment.Intents;

/// <summary>EXECUTE: every device of every command answered on its own (spec §1.3, checklist 14, 17).</summary>
public sealed class ExecuteIntent(ICameraCatalog catalog, GetCameraStreamCommand getCameraStream)
{
    public async Task WriteAsync(Utf8JsonWriter json, FulfillmentContext context, JsonElement payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(context);
        using var measure = SmartHomeCamTelemetry.MeasureExecute();
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("commands", out var commands) || commands.ValueKind != JsonValueKind.Array)
        {
            ErrorResponses.Write(json, context.RequestId, IntentNames.Execute, GoogleErrorCodes.ProtocolError, "payload.commands must be an array.", context.AgentUserId);
            return;
        }

        // Results in request order; a device named in several commands keeps its last outcome.
        var results = new List<(string Id, ExecuteResult Result)>();
        foreach (var command in commands.EnumerateArray())
        {
            if (command.ValueKind != JsonValueKind.Object ||
                !command.TryGetProperty("devices", out var devices) || devices.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var executions = command.TryGetProperty("execution", out var e) && e.ValueKind == JsonValueKind.Array ? e : default;
            foreach (var device in devices.EnumerateArray())
            {
                if (device.ValueKind != JsonValueKind.Object || !device.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                var id = idElement.GetString()!;
                var result = await ExecuteOnDeviceAsync(context, id, executions, cancellationToken).ConfigureAwait(false);
                results.RemoveAll(r => r.Id == id);
                results.Add((id, result));
            }
        }

        json.WriteStartObject();
        json.WriteString("requestId", context.RequestId);
        json.WriteStartObject("payload");
        json.WriteStartArray("commands");
        foreach (var (id, result) in results)
        {
            WriteResult(json, id, result);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private async Task<ExecuteResult> ExecuteOnDeviceAsync(FulfillmentContext context, string id, JsonElement executions, CancellationToken cancellationToken)
    {
        var found = await catalog.FindAsync(context.UserId, id, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return ExecuteResult.Error(GoogleErrorCodes.DeviceNotFound);
        }

        if (!found.Online)
        {
            return ExecuteResult.Offline();
        }

        if (executions.ValueKind != JsonValueKind.Array || executions.GetArrayLength() == 0)
        {
            return ExecuteResult.Error(GoogleErrorCodes.ProtocolError);
        }

        ExecuteResult? last = null;
        foreach (var execution in executions.EnumerateArray())
        {
            var command = execution.ValueKind == JsonValueKind.Object && execution.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String
                ? c.GetString()
                : null;
            var parameters = execution.ValueKind == JsonValueKind.Object && execution.TryGetProperty("params", out var p) ? p : default;
            last = command == IntentNames.GetCameraStream
                ? await getCameraStream.ExecuteAsync(context, found, parameters, cancellationToken).ConfigureAwait(false)
                : ExecuteResult.Error(GoogleErrorCodes.FunctionNotSupported);
            if (last.Status != "SUCCESS")
            {
                break; // the first failing execution decides this device's answer
            }
        }

        return last!;
    }

    private static void WriteResult(Utf8JsonWriter json, string id, ExecuteResult result)
    {
        json.WriteStartObject();
        json.WriteStartArray("ids");
        json.WriteStringValue(id);
        json.WriteEndArray();
        json.WriteString("status", result.Status);
        if (result.ErrorCode is not null)
        {
            json.WriteString("errorCode", result.ErrorCode);
        }

        if (result.Stream is { } stream)
        {
            json.WriteStartObject("states");
            json.WriteBoolean("online", true);
            json.WriteString("cameraStreamProtocol", stream.Protocol);
            if (stream.SignalingUrl is not null)
            {
                // WebRTC (spec §3.4): signaling URL and token; ICE servers only as a non-empty JSON string.
                json.WriteString("cameraStreamSignalingUrl", stream.SignalingUrl);
                if (!string.IsNullOrEmpty(stream.IceServers))
                {
                    json.WriteString("cameraStreamIceServers", stream.IceServers);
                }
            }
            else
            {
                json.WriteString("cameraStreamAccessUrl", stream.AccessUrl);
            }

            json.WriteString("cameraStreamAuthToken", stream.AuthToken);
            if (stream.ReceiverAppId is not null)
            {
                json.WriteString("cameraStreamReceiverAppId", stream.ReceiverAppId);
            }

            json.WriteEndObject();
        }
        else if (result.Status == "OFFLINE")
        {
            json.WriteStartObject("states");
            json.WriteBoolean("online", false);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
