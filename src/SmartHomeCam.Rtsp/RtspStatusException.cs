using SmartHomeCam.Cameras;

namespace SmartHomeCam.Rtsp;

/// <summary>The RTSP server answered a request with an error status (401, 403, 404, 454, …).</summary>
public sealed class RtspStatusException(string method, int statusCode, string reason)
    : Exception($"RTSP {method} failed: {statusCode} {reason}")
{
    public string Method { get; } = method;

    public int StatusCode { get; } = statusCode;

    public string Reason { get; } = reason;

    /// <summary>The exception a capture session sees: a camera that cannot be played.</summary>
    public CameraSourceException ToSourceException() => new(Message, this);
}
