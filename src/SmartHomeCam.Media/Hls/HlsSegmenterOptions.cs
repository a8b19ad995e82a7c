namespace SmartHomeCam.Media.Hls;

/// <summary>
/// How a live window is cut and kept. <paramref name="PlaylistSegments"/> are listed; a segment that scrolls out
/// stays servable for <paramref name="ExtraRetainedSegments"/> more publishes when set, else (the default) for
/// exactly what RFC 8216 §6.2.2 asks: its own duration plus that of the longest playlist that listed it, counted
/// from its removal.
/// </summary>
public sealed record HlsSegmenterOptions(
    TimeSpan TargetDuration,
    int PlaylistSegments = 6,
    int? ExtraRetainedSegments = null,
    long FirstSequence = 0,
    SegmentBlockPool? BlockPool = null)
{
    public static HlsSegmenterOptions Default { get; } = new(TimeSpan.FromSeconds(1));
}
