namespace SmartHomeCam.Media.Rtp;

/// <summary>Writes the 7-byte ADTS header (no CRC) of ISO/IEC 14496-3 §1.A.2 in front of a raw AAC frame.</summary>
public static class AdtsWriter
{
    public const int HeaderLength = 7;

    private static readonly int[] SampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>Whether ADTS can describe this track (object types 1-4, a table sample rate, 1-7 channels).</summary>
    public static bool CanDescribe(AacTrack track) =>
        track.ObjectType is >= 1 and <= 4 && Array.IndexOf(SampleRates, track.SampleRate) >= 0 && track.Channels is >= 1 and <= 7;

    public static void WriteHeader(Span<byte> destination, AacTrack track, int payloadLength)
    {
        var frameLength = HeaderLength + payloadLength;
        var profile = track.ObjectType - 1;
        var rateIndex = Array.IndexOf(SampleRates, track.SampleRate);
        destination[0] = 0xFF;
        destination[1] = 0xF1; // MPEG-4, layer 0, protection absent
        destination[2] = (byte)((profile << 6) | (rateIndex << 2) | (track.Channels >> 2));
        destination[3] = (byte)(((track.Channels & 3) << 6) | (frameLength >> 11));
        destination[4] = (byte)(frameLength >> 3);
        destination[5] = (byte)(((frameLength & 7) << 5) | 0x1F); // buffer fullness 0x7FF: variable rate
        destination[6] = 0xFC; // fullness low bits, one raw data block
    }
}
