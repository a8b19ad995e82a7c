using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SmartHomeCam.Fakes.Nest;

/// <summary>
/// Cloud Pub/Sub pushing SDM events (spec §6, §7.5): builds event payloads and push envelopes and posts them, with
/// the duplicates, reordering and merges real subscriptions produce left to the test to arrange.
/// </summary>
public sealed class FakePubSubPusher(HttpClient http, Uri pushUrl)
{
    public const string Chime = "sdm.devices.events.DoorbellChime.Chime";
    public const string Motion = "sdm.devices.events.CameraMotion.Motion";
    public const string Person = "sdm.devices.events.CameraPerson.Person";
    public const string Sound = "sdm.devices.events.CameraSound.Sound";

    /// <summary>A resourceUpdate event payload; <paramref name="events"/> maps event keys to their eventSessionId.</summary>
    public static JsonObject ResourceEvent(string eventId, DateTimeOffset timestamp, string deviceId, string threadState, params (string Key, string Session)[] events)
    {
        var list = new JsonObject();
        foreach (var (key, session) in events)
        {
            list[key] = new JsonObject { ["eventSessionId"] = session, ["eventId"] = "inner-" + session + "-" + key.Split('.').Last() };
        }

        return new JsonObject
        {
            ["eventId"] = eventId,
            ["timestamp"] = timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["resourceUpdate"] = new JsonObject { ["name"] = $"enterprises/{FakeNestCloud.ProjectId}/devices/{deviceId}", ["events"] = list },
            ["userId"] = "fake-sdm-user",
            ["eventThreadId"] = "thread-" + eventId,
            ["eventThreadState"] = threadState,
            ["resourceGroup"] = new JsonArray($"enterprises/{FakeNestCloud.ProjectId}/devices/{deviceId}"),
        };
    }

    public static JsonObject TraitEvent(string eventId, DateTimeOffset timestamp, string deviceId, bool online) => new()
    {
        ["eventId"] = eventId,
        ["timestamp"] = timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["resourceUpdate"] = new JsonObject
        {
            ["name"] = $"enterprises/{FakeNestCloud.ProjectId}/devices/{deviceId}",
            ["traits"] = new JsonObject { ["sdm.devices.traits.Connectivity"] = new JsonObject { ["status"] = online ? "ONLINE" : "OFFLINE" } },
        },
        ["userId"] = "fake-sdm-user",
    };

    public static JsonObject RelationEvent(string eventId, DateTimeOffset timestamp, string deviceId) => new()
    {
        ["eventId"] = eventId,
        ["timestamp"] = timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["relationUpdate"] = new JsonObject
        {
            ["type"] = "CREATED",
            ["subject"] = $"enterprises/{FakeNestCloud.ProjectId}/structures/struct-1",
            ["object"] = $"enterprises/{FakeNestCloud.ProjectId}/devices/{deviceId}",
        },
        ["userId"] = "fake-sdm-user",
    };

    public static string Envelope(JsonObject payload, string? messageId = null) => new JsonObject
    {
        ["message"] = new JsonObject
        {
            ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString())),
            ["messageId"] = messageId ?? Guid.NewGuid().ToString("N"),
            ["publishTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        },
        ["subscription"] = "projects/fake/subscriptions/sdm-push",
    }.ToJsonString();

    /// <summary>Posts one envelope; returns the HTTP status (Pub/Sub redelivers on anything but 2xx).</summary>
    public async Task<int> PushAsync(JsonObject payload)
    {
        using var content = new StringContent(Envelope(payload), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(pushUrl, content).ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    public async Task<int> PushRawAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(pushUrl, content).ConfigureAwait(false);
        return (int)response.StatusCode;
    }
}
