namespace SmartHomeCam.Media;

/// <summary>
/// What a source will deliver, stated before its first frame: H.264 video, and AAC audio when the camera has
/// a microphone. The muxer lists exactly these in its PMT and the playlist in its CODECS. <see cref="Opus"/> is
/// the audio of a WebRTC camera (Nest), passed through to WebRTC viewers only; HLS never sees it
/// (<see cref="WithoutOpus"/>), so for HLS such a camera is video only.
/// </summary>
public sealed record MediaTracks(H264Track Video, AacTrack? Audio = null, OpusTrack? Opus = null)
{
    public static MediaTracks VideoOnly { get; } = new(H264Track.InBand);

    public bool HasAudio => Audio is not null;

    public bool HasOpus => Opus is not null;

    /// <summary>These tracks as the HLS muxer must see them: without the Opus track.</summary>
    public MediaTracks WithoutOpus => Opus is null ? this : this with { Opus = null };
}
