namespace SmartHomeCam.Fulfillment;

/// <summary>The error codes we answer with (spec §1.5, platform/errors.schema.json).</summary>
public static class GoogleErrorCodes
{
    public const string ProtocolError = "protocolError";
    public const string UnknownError = "unknownError";
    public const string DeviceNotFound = "deviceNotFound";
    public const string DeviceOffline = "deviceOffline";
    public const string NotSupported = "notSupported";
    public const string FunctionNotSupported = "functionNotSupported";
    public const string ResourceUnavailable = "resourceUnavailable";
}
