namespace SmartHomeCam.Cameras.Events;

/// <summary>What happened to a camera. Stored by name, so new kinds can be appended freely.</summary>
public enum CameraEventKind
{
    Online,
    Offline,
    Added,
    Removed,
    Renamed,
    Motion,
    Person,
    Doorbell,
    Battery,
    Sound,

    /// <summary>The camera's room changed (Google shows it in another room: a SYNC matter, like a rename).</summary>
    Moved,

    /// <summary>The provider now lists the camera as another kind of device (e.g. a doorbell): a SYNC matter.</summary>
    Retyped,
}
