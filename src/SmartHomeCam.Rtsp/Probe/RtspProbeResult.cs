namespace SmartHomeCam.Rtsp.Probe;

/// <summary>What a probe found: the video codec (always H.264 when it succeeds), its size and the audio.</summary>
public sealed record RtspProbeResult(string VideoCodec, int Width, int Height, string? AudioCodec)
{
    public bool HasAudio => AudioCodec is not null;

    public string Summary => $"{VideoCodec} {Width}x{Height}{(HasAudio ? $" + {AudioCodec}" : "")}";
}
