namespace SmartHomeCam.Rtsp;

/// <summary>The camera's video is not H.264, the only codec Cast devices play from our HLS.</summary>
public sealed class RtspUnsupportedCodecException : Exception
{
    public RtspUnsupportedCodecException()
    {
        Codec = "";
    }

    public RtspUnsupportedCodecException(string codec)
        : base(Describe(codec))
    {
        Codec = codec;
    }

    public RtspUnsupportedCodecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Codec = "";
    }

    /// <summary>The SDP encoding name (H265, JPEG, …).</summary>
    public string Codec { get; }

    private static string Describe(string codec) =>
        codec.Equals("H265", StringComparison.OrdinalIgnoreCase) || codec.Equals("HEVC", StringComparison.OrdinalIgnoreCase)
            ? "The camera sends H.265 video, which is not playable on Cast; set it to H.264"
            : $"The camera sends {(codec.Length == 0 ? "no" : codec)} video, which is not playable on Cast; set it to H.264";
}
