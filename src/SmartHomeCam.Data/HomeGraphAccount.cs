namespace SmartHomeCam.Data;

/// <summary>
/// HomeGraph reporting state of one account: the agent user id Google knows it by (kept here so an unlink after
/// the account row is gone can still call <c>agentUsers.delete</c>), whether reporting is stopped (Google answered
/// 404, or the linking ended) until the next SYNC, a pending marker that survives a restart, and what the dashboard
/// shows (last report, last request-sync, last error).
/// </summary>
public sealed class HomeGraphAccount
{
    public string UserId { get; set; } = "";
    public string AgentUserId { get; set; } = "";

    /// <summary>Set when Google answered 404 or the linking ended; cleared by the next SYNC.</summary>
    public DateTimeOffset? StoppedAt { get; set; }
    public string? StoppedReason { get; set; }

    /// <summary>State changes accepted but not yet reported: a restart re-reports the whole account.</summary>
    public DateTimeOffset? PendingSince { get; set; }

    public DateTimeOffset? LastReportAt { get; set; }
    public DateTimeOffset? LastRequestSyncAt { get; set; }
    public DateTimeOffset? LastNotificationAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
}
