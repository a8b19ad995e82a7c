using System.Text.Json.Nodes;

namespace SmartHomeCam.HomeGraph.Reporting;

/// <summary>
/// The ObjectDetection notification of a doorbell press or a person alert (spec §3.7; trait schema: priority 0 =
/// announce, detectionTimestamp in epoch ms, objects by category). We know no names: a press is one unclassified
/// object, a person one unfamiliar one.
/// </summary>
internal static class ObjectDetectionNotification
{
    public const string Trait = "ObjectDetection";

    public static JsonObject For(PendingNotification notification) => new()
    {
        [notification.DeviceId] = new JsonObject
        {
            [Trait] = new JsonObject
            {
                ["priority"] = 0,
                ["detectionTimestamp"] = notification.OccurredAt.ToUnixTimeMilliseconds(),
                ["objects"] = new JsonObject { [notification.Doorbell ? "unclassified" : "unfamiliar"] = 1 },
            },
        },
    };
}
