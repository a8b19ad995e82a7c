using SmartHomeCam.Media.Sdp;

namespace SmartHomeCam.Rtsp;

/// <summary>
/// Uncompressed or G.711 audio a camera may send instead of AAC (RFC 3551 §4.5.14 PCMU/PCMA, §4.5.11 L16), named as
/// ffmpeg's raw demuxers and codecs name it, so the transcoder can turn it into AAC.
/// </summary>
internal sealed record RawAudioFormat(string Codec, string Demuxer, int SampleRate, int Channels)
{
    public static RawAudioFormat? TryFrom(SdpMedia media)
    {
        var rate = media.ClockRate > 0 ? media.ClockRate : 8000;
        var channels = media.Channels > 0 ? media.Channels : 1;
        return media.EncodingName.ToUpperInvariant() switch
        {
            "PCMU" => new RawAudioFormat("pcm_mulaw", "mulaw", rate, channels),
            "PCMA" => new RawAudioFormat("pcm_alaw", "alaw", rate, channels),
            "L16" => new RawAudioFormat("pcm_s16be", "s16be", rate, channels),
            _ => null,
        };
    }
}
