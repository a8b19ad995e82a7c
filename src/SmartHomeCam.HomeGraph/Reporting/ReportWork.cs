namespace SmartHomeCam.HomeGraph.Reporting;

/// <summary>One HomeGraph call to make, as the queue hands it out.</summary>
internal abstract record ReportWork(string UserId);

/// <summary>Report the current state of these devices (null: every device of the account, as after a SYNC).</summary>
internal sealed record StateWork(string UserId, IReadOnlySet<string>? DeviceIds) : ReportWork(UserId);

internal sealed record RequestSyncWork(string UserId) : ReportWork(UserId);

internal sealed record NotificationWork(string UserId, PendingNotification Notification) : ReportWork(UserId);

internal sealed record DeleteAgentUserWork(string UserId, string AgentUserId) : ReportWork(UserId);

/// <summary>A doorbell press or person alert waiting to be sent, with the provider's stable event id.</summary>
internal sealed record PendingNotification(string EventId, string DeviceId, bool Doorbell, DateTimeOffset OccurredAt);
