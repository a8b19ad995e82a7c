using System.Globalization;

namespace SmartHomeCam.Media.H264;

/// <summary>The parts of an H.264 SPS (§7.3.2.1.1) that packaging needs: profile/level, size, timing.</summary>
public sealed record SequenceParameterSet(
    int ProfileIdc,
    int ConstraintFlags,
    int LevelIdc,
    int ChromaFormatIdc,
    int BitDepthLuma,
    int Width,
    int Height,
    bool FrameMbsOnly,
    uint? NumUnitsInTick,
    uint? TimeScale)
{
    /// <summary>RFC 6381 codec string, e.g. <c>avc1.640028</c>.</summary>
    public string CodecString => string.Create(CultureInfo.InvariantCulture, $"avc1.{ProfileIdc:X2}{ConstraintFlags:X2}{LevelIdc:X2}");

    /// <summary>Frames per second from VUI timing (time_scale / 2·num_units_in_tick), when present.</summary>
    public double? FrameRate => NumUnitsInTick is > 0 && TimeScale is > 0 ? TimeScale.Value / (2.0 * NumUnitsInTick.Value) : null;
}
