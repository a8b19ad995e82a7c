namespace SmartHomeCam.Nest;

/// <summary>One camera-carrying device from devices.list (spec §2), reduced to what we use.</summary>
public sealed record SdmDevice(
    string DeviceId,
    string Type,
    string Name,
    string? Room,
    string? StructureId,
    IReadOnlyList<string> Protocols,
    bool HasAudio)
{
    /// <summary>The room's id from <c>parentRelations</c> (names it when Google gave no displayName).</summary>
    public string? RoomId { get; init; }

    /// <summary>The home (structure) the device is in, from structures.list; null until that is known.</summary>
    public string? StructureName { get; init; }

    public const string CameraType = "sdm.devices.types.CAMERA";
    public const string DoorbellType = "sdm.devices.types.DOORBELL";
    public const string DisplayType = "sdm.devices.types.DISPLAY";

    /// <summary>"If this field contains WEB_RTC, only WEB_RTC commands are supported" (spec §0).</summary>
    public bool IsWebRtc => Protocols.Contains("WEB_RTC", StringComparer.Ordinal);

    public bool IsRtsp => !IsWebRtc && Protocols.Contains("RTSP", StringComparer.Ordinal);

    public string ProtocolLabel => IsWebRtc ? "WebRTC" : IsRtsp ? "RTSP" : "none";

    /// <summary>Whether devices.list gave it the CameraPerson or DoorbellChime trait: its person/chime events reach us.</summary>
    public bool HasPersonOrChimeEvents { get; init; }

    /// <summary>The model Google shows: the device type in words.</summary>
    public string Model => Type switch
    {
        DoorbellType => "Nest Doorbell",
        DisplayType => "Nest Hub Max",
        _ => "Nest Cam",
    };
}
