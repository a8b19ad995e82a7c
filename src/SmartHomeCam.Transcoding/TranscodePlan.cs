using SmartHomeCam.Cameras;

namespace SmartHomeCam.Transcoding;

/// <summary>What happens to each track on its way to the Cast receiver, which plays H.264 and AAC in MPEG-TS.</summary>
public enum TrackAction
{
    /// <summary>No such track in the output.</summary>
    None,

    /// <summary>Passed through unchanged.</summary>
    Copy,

    /// <summary>Decoded and re-encoded (H.264 High@4.1 for video, AAC-LC for audio).</summary>
    Encode,
}

/// <summary>
/// Per camera, from what it declares: H.264 and AAC pass through, H.265 becomes H.264 and Opus/G.711/PCM become
/// AAC; anything else is refused with a message naming the codec. <see cref="NeedsTranscoding"/> is false for
/// H.264 (+ AAC or silence): such a camera should take the in-process path, not an ffmpeg process.
/// </summary>
public sealed record TranscodePlan(TrackAction Video, TrackAction Audio)
{
    /// <summary>Video codecs ffmpeg decodes that we convert (ffmpeg names).</summary>
    public static IReadOnlySet<string> ConvertibleVideo { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "hevc", "h265" };

    /// <summary>Audio codecs we convert to AAC: Opus (Nest WebRTC), G.711 µ-law/A-law and linear PCM (RTSP cameras).</summary>
    public static IReadOnlySet<string> ConvertibleAudio { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "opus", "pcm_mulaw", "pcm_alaw", "pcm_s16le", "pcm_s16be", "pcm_u8", "g722", "adpcm_g726", "mp3",
    };

    public bool NeedsTranscoding => Video == TrackAction.Encode || Audio == TrackAction.Encode;

    /// <exception cref="CameraSourceException">The video or audio codec can be neither played nor converted.</exception>
    public static TranscodePlan For(SourceCodecs codecs)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        var video = IsH264(codecs.Video) ? TrackAction.Copy
            : ConvertibleVideo.Contains(codecs.Video) ? TrackAction.Encode
            : throw new CameraSourceException(
                $"The camera sends '{codecs.Video}' video, which Google's Cast receiver cannot play and this service cannot convert (H.264 and H.265 work).");
        var audio = codecs.Audio is null ? TrackAction.None
            : string.Equals(codecs.Audio, "aac", StringComparison.OrdinalIgnoreCase) && codecs.AudioSampleRate is > 0 ? TrackAction.Copy
            : string.Equals(codecs.Audio, "aac", StringComparison.OrdinalIgnoreCase) || ConvertibleAudio.Contains(codecs.Audio) ? TrackAction.Encode
            : throw new CameraSourceException(
                $"The camera sends '{codecs.Audio}' audio, which this service cannot convert to AAC (AAC, Opus, G.711 and PCM work).");
        return new TranscodePlan(video, audio);
    }

    private static bool IsH264(string codec) =>
        string.Equals(codec, "h264", StringComparison.OrdinalIgnoreCase) || string.Equals(codec, "avc", StringComparison.OrdinalIgnoreCase);
}
