namespace SmartHomeCam.Data;

/// <summary>
/// An RTSP stream we opened on an Arlo camera and have not yet torn down. Written before media flows, deleted
/// after TEARDOWN; entries found at start-up belong to a process that died, and are torn down then.
/// </summary>
public sealed class ArloStreamJournalEntry
{
    public Guid Id { get; set; }
    public string Serial { get; set; } = "";
    public string RtspUrl { get; set; } = "";

    /// <summary>The RTSP session id (null until SETUP answered).</summary>
    public string? SessionId { get; set; }

    public DateTimeOffset OpenedAt { get; set; }
}
