namespace SmartHomeCam.Streaming.Sessions;

public enum CaptureState
{
    Starting,
    Live,
    Failing,
    Stopped,
}
