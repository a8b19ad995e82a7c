namespace SmartHomeCam.Streaming.Sessions;

/// <summary>What the dashboard and DISCONNECT ask of the capture sessions.</summary>
public interface IStreamSessions
{
    IReadOnlyList<CaptureSessionInfo> List(string userId);
}
