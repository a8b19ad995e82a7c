namespace SmartHomeCam.Media.Aac;

/// <summary>
/// The fixed and variable ADTS header fields we use (ISO/IEC 13818-7 §6.2 / 14496-3 §1.A.2): where the frame
/// ends, and the audio object type, sample rate and channel count that describe the track.
/// </summary>
public readonly record struct AdtsHeader(int FrameLength, int ObjectType, int SampleRate, int Channels)
{
    public const int MinLength = 7;

    private static readonly int[] SampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>Parses the header at the start of <paramref name="data"/>; false for anything that is not a whole ADTS frame.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out AdtsHeader header)
    {
        header = default;
        if (data.Length < MinLength || data[0] != 0xFF || (data[1] & 0xF6) != 0xF0)
        {
            return false; // syncword 0xFFF, layer 00
        }

        var profile = data[2] >> 6; // object type - 1
        var rateIndex = (data[2] >> 2) & 0x0F;
        var channels = ((data[2] & 0x01) << 2) | (data[3] >> 6);
        var frameLength = ((data[3] & 0x03) << 11) | (data[4] << 3) | (data[5] >> 5);
        var headerLength = (data[1] & 0x01) == 0 ? 9 : 7; // protection_absent = 0 adds a CRC
        if (rateIndex >= SampleRates.Length || frameLength < headerLength || frameLength > data.Length)
        {
            return false;
        }

        header = new AdtsHeader(frameLength, profile + 1, SampleRates[rateIndex], channels);
        return true;
    }

    /// <summary>The track these frames belong to.</summary>
    public AacTrack ToTrack() => new(SampleRate, Channels, ObjectType);
}
