namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>Why a stream stopped sending.</summary>
public enum FakeRtspEndReason
{
    Teardown,
    ReceiverReportTimeout,
    Deadline,
    OrphanExpired,
    ServerStopped,
}

/// <summary>One finished stream: its session id, why it ended, how long it played and whether its client had vanished.</summary>
public sealed record FakeRtspStreamEnd(string SessionId, FakeRtspEndReason Reason, TimeSpan Duration, bool Orphaned);
