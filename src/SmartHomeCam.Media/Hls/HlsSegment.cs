namespace SmartHomeCam.Media.Hls;

/// <summary>A finished MPEG-TS segment: starts with PAT/PMT and an IDR; immutable once published.</summary>
public sealed record HlsSegment(long Sequence, ReadOnlyMemory<byte> Data, double Duration, bool Discontinuity, long StartDts);
