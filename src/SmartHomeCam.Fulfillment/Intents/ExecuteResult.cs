namespace SmartHomeCam.Fulfillment.Intents;

/// <summary>One device's outcome in an EXECUTE answer.</summary>
public sealed record ExecuteResult(string Status, string? ErrorCode = null, StreamStates? Stream = null)
{
    public static ExecuteResult Error(string code) => new("ERROR", code);

    public static ExecuteResult Offline() => new("OFFLINE", GoogleErrorCodes.DeviceOffline);
}

/// <summary>The GetCameraStream results (traits/camerastream/getcamerastream.results.schema.json).</summary>
public sealed record StreamStates(string Protocol, string AccessUrl, string AuthToken, string? ReceiverAppId, string? SignalingUrl = null, string? IceServers = null);
