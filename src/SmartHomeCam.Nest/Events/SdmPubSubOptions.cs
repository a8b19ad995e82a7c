namespace SmartHomeCam.Nest.Events;

/// <summary>How SDM events reach us (section <c>Nest:PubSub</c>): pushed to <c>/nest/events/{secret}</c>, or pulled.</summary>
public sealed class SdmPubSubOptions
{
    public const string PushMode = "push";
    public const string PullMode = "pull";

    /// <summary><c>push</c> (default: Pub/Sub calls our endpoint) or <c>pull</c> (we call Pub/Sub; no public URL needed).</summary>
    public string Mode { get; set; } = PushMode;

    /// <summary>The pull subscription, <c>projects/{cloud-project}/subscriptions/{name}</c>.</summary>
    public string Subscription { get; set; } = "";

    /// <summary>
    /// The operator's service account key (JSON) with the Pub/Sub Subscriber role on the subscription; a file path or
    /// the JSON itself. Not a homeowner's SDM token: that one lacks the pubsub scope and sees only its owner.
    /// </summary>
    public string ServiceAccountKeyFile { get; set; } = "";

    public string ServiceAccountKeyJson { get; set; } = "";

    /// <summary>Overrides the key file's <c>token_uri</c> (fakes and staging only).</summary>
    public string TokenUrl { get; set; } = "";

    public Uri ApiBaseUrl { get; set; } = new("https://pubsub.googleapis.com/v1/");

    /// <summary>Messages asked for per pull.</summary>
    public int MaxMessages { get; set; } = 50;

    /// <summary>How long one pull may wait for messages (Pub/Sub holds an empty pull open for a while).</summary>
    public TimeSpan PullTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>First back-off after a failed pull or acknowledge; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    public bool PullEnabled => string.Equals(Mode, PullMode, StringComparison.OrdinalIgnoreCase);
}
