namespace SmartHomeCam.Fakes.Nest;

/// <summary>A device fixture of the fake SDM API (spec §7.2), in a room of a structure (home) of its account.</summary>
/// <remarks><paramref name="PersonTrait"/>: whether devices.list gives it <c>CameraPerson</c> (doorbells also get <c>DoorbellChime</c>).</remarks>
public sealed record FakeNestDevice(string Id, string Type, string CustomName, string Room, string[] Protocols, bool Battery = false, string Structure = FakeNestDevice.DefaultStructure, bool PersonTrait = true)
{
    public const string DefaultStructure = "struct-1";

    /// <summary>The room's id in <c>enterprises/p/structures/s/rooms/{id}</c>.</summary>
    public string RoomId => Room.Replace(' ', '-');

    public const string Camera = "sdm.devices.types.CAMERA";
    public const string Doorbell = "sdm.devices.types.DOORBELL";
    public const string Display = "sdm.devices.types.DISPLAY";

    public bool IsWebRtc => Protocols.Contains("WEB_RTC");

    /// <summary>The standard fixtures: an RTSP camera, a wired WEB_RTC camera, a battery camera, a battery doorbell, a camera with no customName.</summary>
    public static IReadOnlyList<FakeNestDevice> Fixtures { get; } =
    [
        new("rtsp-cam", Camera, "Porch cam", "Porch", ["RTSP"]),
        new("webrtc-wired", Camera, "Kitchen cam", "Kitchen", ["WEB_RTC"]),
        new("webrtc-battery", Camera, "Garden cam", "Garden", ["WEB_RTC"], Battery: true),
        new("doorbell-battery", Doorbell, "Front door", "Entryway", ["WEB_RTC"], Battery: true),
        new("rtsp-noname", Display, "", "Living Room", ["RTSP"]),
    ];
}
