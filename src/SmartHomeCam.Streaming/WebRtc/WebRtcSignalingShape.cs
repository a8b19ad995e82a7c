namespace SmartHomeCam.Streaming.WebRtc;

/// <summary>Where Google posts offers (spec §3.5); the token travels in the Authorization header, never in the URL.</summary>
public static class WebRtcSignalingShape
{
    public const string Path = "/webrtc/signal";
}
