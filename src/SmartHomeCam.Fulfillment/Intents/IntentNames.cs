namespace SmartHomeCam.Fulfillment.Intents;

public static class IntentNames
{
    public const string Sync = "action.devices.SYNC";
    public const string Query = "action.devices.QUERY";
    public const string Execute = "action.devices.EXECUTE";
    public const string Disconnect = "action.devices.DISCONNECT";
    public const string GetCameraStream = "action.devices.commands.GetCameraStream";
    public const string CameraType = "action.devices.types.CAMERA";
    public const string DoorbellType = "action.devices.types.DOORBELL";
    public const string CameraStreamTrait = "action.devices.traits.CameraStream";
    public const string ObjectDetectionTrait = "action.devices.traits.ObjectDetection";
}
