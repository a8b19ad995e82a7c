namespace SmartHomeCam.Transcoding;

/// <summary>One camera behind the ffmpeg fallback.</summary>
public sealed record TranscodingSourceOptions
{
    /// <summary>What ffmpeg opens: <c>rtsp://user:pass@host/path</c>, a file path, or any URL ffmpeg reads.</summary>
    public required string Input { get; init; }

    /// <summary>The camera's codecs if known (RTSP SDP, provider API); null = ask ffprobe when the source opens.</summary>
    public SourceCodecs? Codecs { get; init; }

    /// <summary>Read a file input at its native frame rate, as a camera would deliver it (tests, demo inputs).</summary>
    public bool Realtime { get; init; }

    /// <summary>Loop a file input for ever (tests, demo inputs).</summary>
    public bool Loop { get; init; }

    /// <summary>Seconds between forced IDR frames in the H.264 output, so HLS can cut ~1 s segments.</summary>
    public double KeyframeInterval { get; init; } = 1;

    /// <summary>How long ffprobe may take to identify the codecs of a live input.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
