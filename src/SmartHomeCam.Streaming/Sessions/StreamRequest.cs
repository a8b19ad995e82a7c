using SmartHomeCam.Cameras;

namespace SmartHomeCam.Streaming.Sessions;

/// <summary>What EXECUTE hands the streaming side: which camera, whose, how to open it, and the Google request id.</summary>
public sealed record StreamRequest(string DeviceId, string UserId, Func<ICameraSource> OpenSource, string CorrelationId);

/// <summary>The playback capability for a session that is starting or running.</summary>
public sealed record StreamTicket(Guid SessionId, string Token, DateTimeOffset ExpiresAt, bool SourceFailing)
{
    /// <summary>Path of the multivariant playlist; the token is in the path because the Cast receiver sends no headers.</summary>
    public string PlaylistPath => $"/streams/{Token}/index.m3u8";
}

public enum CaptureState
{
    Starting,
    Live,
    Failing,
    Stopped,
}

/// <summary>A row for the dashboard.</summary>
public sealed record CaptureSessionInfo(string DeviceId, CaptureState State, int Segments, DateTimeOffset StartedAt, DateTimeOffset LastAccess);
