namespace SmartHomeCam.Media.Hls;

public sealed record HlsSegmenterOptions(
    TimeSpan TargetDuration,
    int PlaylistSegments = 6,
    int ExtraRetainedSegments = 3,
    long FirstSequence = 0,
    SegmentBlockPool? BlockPool = null)
{
    public static HlsSegmenterOptions Default { get; } = new(TimeSpan.FromSeconds(1));
}
