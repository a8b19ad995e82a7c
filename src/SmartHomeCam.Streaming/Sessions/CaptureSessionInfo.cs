namespace SmartHomeCam.Streaming.Sessions;

/// <summary>A row for the dashboard.</summary>
public sealed record CaptureSessionInfo(string DeviceId, CaptureState State, int Segments, DateTimeOffset StartedAt, DateTimeOffset LastAccess);
