namespace SmartHomeCam.Streaming.Sessions;

/// <summary>What the dashboard and DISCONNECT ask of the capture sessions.</summary>
public interface IStreamSessions
{
    /// <summary>
    /// Stops every session of the account on every replica, by announcing that its linking ended (which also
    /// voids its stream URLs).
    /// </summary>
    Task StopForUserAsync(string userId);

    IReadOnlyList<CaptureSessionInfo> List(string userId);
}
