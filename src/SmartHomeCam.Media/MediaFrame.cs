namespace SmartHomeCam.Media;

/// <summary>Which elementary stream a frame belongs to.</summary>
public enum MediaKind : byte
{
    Video = 0,

    /// <summary>AAC in ADTS framing.</summary>
    Audio = 1,

    /// <summary>
    /// One Opus packet (RFC 6716 §3) exactly as one RTP payload carries it (RFC 7587 §4.2), from a WebRTC camera.
    /// Only WebRTC viewers get it: TS HLS has no place for Opus, so the capture session keeps it from the segmenter.
    /// </summary>
    Opus = 2,
}

/// <summary>
/// One H.264 access unit in Annex B form (or one ADTS AAC frame, or one Opus packet) with timestamps from the
/// source's own clock, in 90 kHz units (Opus too, whose RTP clock is 48 kHz: see <see cref="OpusTrack"/>). <see cref="Data"/> belongs to the producer and is valid only until the consumer asks for
/// the next frame, so sources can reuse one buffer and the hot path allocates nothing per frame.
/// <see cref="Discontinuity"/> marks the first frame after the source restarted (timestamps may jump).
/// </summary>
public readonly record struct MediaFrame(
    ReadOnlyMemory<byte> Data,
    long Pts,
    long Dts,
    bool IsKeyframe,
    bool Discontinuity = false,
    MediaKind Kind = MediaKind.Video);
