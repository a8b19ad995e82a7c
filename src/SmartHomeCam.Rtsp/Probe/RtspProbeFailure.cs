namespace SmartHomeCam.Rtsp.Probe;

/// <summary>Why a probe failed, for callers that act on it (the connection form shows the message).</summary>
public enum RtspProbeFailure
{
    Unreachable,
    Unauthorized,
    NotFound,
    NotPlayable,
    Other,
}
