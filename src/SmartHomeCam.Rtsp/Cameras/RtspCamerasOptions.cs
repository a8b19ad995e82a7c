namespace SmartHomeCam.Rtsp.Cameras;

/// <summary>Configuration of generic RTSP cameras (section <c>Rtsp</c>).</summary>
public sealed class RtspCamerasOptions
{
    public const string Section = "Rtsp";

    /// <summary>
    /// Accept H.265 cameras and re-encode them to H.264 with ffmpeg (<c>Rtsp__TranscodeH265</c>). On by default;
    /// off, an H.265 camera is refused with a clear error. Costs a CPU core or so per 1080p stream while watched.
    /// </summary>
    public bool TranscodeH265 { get; set; } = true;
}
