namespace SmartHomeCam.Streaming.WebRtc;

/// <summary>What fulfillment needs to know to advertise and hand out WebRTC.</summary>
public interface IWebRtcAvailability
{
    /// <summary>True when WebRTC is enabled and its UDP port is bound.</summary>
    bool IsAvailable { get; }

    /// <summary><c>cameraStreamIceServers</c>: a JSON array of RTCIceServer as a string; null when none is configured (never empty).</summary>
    string? IceServersJson { get; }
}
