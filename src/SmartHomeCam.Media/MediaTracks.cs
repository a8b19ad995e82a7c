namespace SmartHomeCam.Media;

/// <summary>
/// What a source will deliver, stated before its first frame: H.264 video, and AAC audio when the camera has
/// a microphone. The muxer lists exactly these in its PMT and the playlist in its CODECS.
/// </summary>
public sealed record MediaTracks(H264Track Video, AacTrack? Audio = null)
{
    public static MediaTracks VideoOnly { get; } = new(H264Track.InBand);

    public bool HasAudio => Audio is not null;
}
