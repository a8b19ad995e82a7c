namespace SmartHomeCam.Media;

/// <summary>
/// The H.264 video track of a source. <see cref="ParameterSets"/> holds SPS and PPS in Annex B form when the
/// source knows them before the first frame (e.g. from an RTSP SDP); empty when they only arrive in-band.
/// </summary>
public sealed record H264Track(ReadOnlyMemory<byte> ParameterSets = default)
{
    /// <summary>A video track whose parameter sets come with the first IDR.</summary>
    public static H264Track InBand { get; } = new();
}
