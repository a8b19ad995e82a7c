using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming.Sessions;

/// <summary>On-demand capture sessions: one per camera, shared by every viewer.</summary>
public interface IStreamSessions
{
    /// <summary>Reuses or starts (in the background, without waiting for video) the camera's session.</summary>
    StreamTicket Acquire(StreamRequest request);

    /// <summary>The running session a valid token points to, (re)starting it when it idled out; null if the camera is gone.</summary>
    Task<CaptureSession?> OpenForPlaybackAsync(StreamTokenClaims claims, CancellationToken cancellationToken);

    /// <summary>Stops every session of an account (DISCONNECT, unlink).</summary>
    Task StopForUserAsync(string userId);

    IReadOnlyList<CaptureSessionInfo> List(string userId);
}
