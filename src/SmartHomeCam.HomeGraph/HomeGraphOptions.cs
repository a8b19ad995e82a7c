using Microsoft.Extensions.Configuration;

namespace SmartHomeCam.HomeGraph;

/// <summary>Bound from <c>HomeGraph</c>. Nothing is reported unless a service-account key is configured.</summary>
public sealed class HomeGraphOptions
{
    public const string Section = "HomeGraph";

    /// <summary>Path of the service account's JSON key (from the Google Cloud console).</summary>
    public string ServiceAccountKeyFile { get; set; } = "";

    /// <summary>The JSON key itself, e.g. from the environment variable <c>HomeGraph__ServiceAccountKeyJson</c>.</summary>
    public string ServiceAccountKeyJson { get; set; } = "";

    /// <summary>HomeGraph's origin; tests point it at a fake.</summary>
    public Uri BaseUrl { get; set; } = new("https://homegraph.googleapis.com/");

    /// <summary>Token endpoint; empty = the key's <c>token_uri</c>, else Google's.</summary>
    public string TokenUrl { get; set; } = "";

    /// <summary>Changes of one account within this window go out as one report (spec §5: batch, full state per device).</summary>
    public TimeSpan ReportWindow { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Delay of the first report after a SYNC, so Google has stored the devices before their state arrives.</summary>
    public TimeSpan InitialReportDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After a start, linked accounts are listed afresh this much later, so changes made while no process ran (a
    /// camera went offline) are reported; the delay lets providers start and cameras re-register first.
    /// </summary>
    public TimeSpan RestartListingDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Device-list changes wait this long for more before one Request Sync goes out (Scrypted uses 15 s).</summary>
    public TimeSpan RequestSyncDebounce { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Notifications older than this are not sent: an announcement of a ring long past helps nobody.</summary>
    public TimeSpan NotificationFreshness { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls per minute this replica may make (Google's quota is 6,000 per integration: divide by replicas).</summary>
    public int CallsPerMinute { get; set; } = 5_000;

    /// <summary>Accounts with pending state changes held at most; beyond it new changes are dropped (see README).</summary>
    public int MaxPendingAccounts { get; set; } = 100_000;

    /// <summary>Notifications waiting to be sent at most; the oldest is dropped first.</summary>
    public int MaxPendingNotifications { get; set; } = 1_000;

    /// <summary>Concurrent HomeGraph calls.</summary>
    public int MaxConcurrentCalls { get; set; } = 8;

    /// <summary>After a failed report (retries exhausted) the account is tried again this much later.</summary>
    public TimeSpan FailedReportRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a 429/5xx/transport failure (jittered exponential back-off, Retry-After honoured).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First back-off delay.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Bound of one call including its retries.</summary>
    public TimeSpan TotalCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ServiceAccountKeyFile) || !string.IsNullOrWhiteSpace(ServiceAccountKeyJson);

    /// <summary>Whether the configuration section names a key (SYNC's <c>willReportState</c> follows it).</summary>
    public static bool IsConfiguredIn(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return !string.IsNullOrWhiteSpace(section[nameof(ServiceAccountKeyFile)]) || !string.IsNullOrWhiteSpace(section[nameof(ServiceAccountKeyJson)]);
    }
}
