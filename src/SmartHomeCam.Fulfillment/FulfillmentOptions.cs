namespace SmartHomeCam.Fulfillment;

/// <summary>Bound from <c>Fulfillment</c> (plus the public base URL and HomeGraph switch from the host).</summary>
public sealed class FulfillmentOptions
{
    /// <summary>Bodies above this many bytes get HTTP 413. Google's intents are a few hundred bytes.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>A registered custom Cast receiver; when empty Google uses its default receiver.</summary>
    public string ReceiverAppId { get; set; } = "";

    /// <summary>External origin for stream URLs, e.g. https://cam.example.com; empty = the request's own origin.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>True only when HomeGraph reporting is configured (SYNC <c>willReportState</c>).</summary>
    public bool WillReportState { get; set; }
}
