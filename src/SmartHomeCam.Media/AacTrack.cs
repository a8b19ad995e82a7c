using System.Globalization;

namespace SmartHomeCam.Media;

/// <summary>
/// An AAC audio track delivered as ADTS frames. <see cref="ObjectType"/> is the MPEG-4 audio object type
/// (2 = AAC-LC); it names the track in an HLS CODECS attribute (RFC 6381 §3.3: <c>mp4a.40.2</c>).
/// </summary>
public sealed record AacTrack(int SampleRate, int Channels, int ObjectType = 2)
{
    public string CodecString => string.Create(CultureInfo.InvariantCulture, $"mp4a.40.{ObjectType}");

    /// <summary>Duration of one AAC frame (1024 samples) in 90 kHz units.</summary>
    public long FrameDuration90k => 1024L * 90_000 / SampleRate;
}
