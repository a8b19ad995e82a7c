using SmartHomeCam.Media.Aac;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>ADTS AAC frames split once; RTP carries them without their ADTS header (RFC 3640 AAC-hbr).</summary>
public sealed class FakeRtspAudio
{
    private FakeRtspAudio(byte[] data, List<(int, int)> frames, AdtsHeader first)
    {
        Data = data;
        Frames = frames;
        SampleRate = first.SampleRate;
        Channels = first.Channels;
        ObjectType = first.ObjectType;
    }

    public byte[] Data { get; }

    /// <summary>(offset, length) of each raw AAC frame, ADTS header excluded.</summary>
    public IReadOnlyList<(int Offset, int Length)> Frames { get; }

    public int SampleRate { get; }

    public int Channels { get; }

    public int ObjectType { get; }

    /// <summary>AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) in hex, for the SDP's <c>config=</c>.</summary>
    public string ConfigHex
    {
        get
        {
            int[] rates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
            var index = Array.IndexOf(rates, SampleRate);
            var config = (ObjectType << 11) | (index << 7) | (Channels << 3);
            return config.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static FakeRtspAudio FromAdts(byte[] adts)
    {
        ArgumentNullException.ThrowIfNull(adts);
        var frames = new List<(int, int)>();
        var offset = 0;
        AdtsHeader first = default;
        while (AdtsHeader.TryParse(adts.AsSpan(offset), out var header))
        {
            if (frames.Count == 0)
            {
                first = header;
            }

            var headerLength = (adts[offset + 1] & 0x01) == 0 ? 9 : 7;
            frames.Add((offset + headerLength, header.FrameLength - headerLength));
            offset += header.FrameLength;
        }

        if (frames.Count == 0)
        {
            throw new ArgumentException("The audio is not ADTS AAC.", nameof(adts));
        }

        return new FakeRtspAudio(adts, frames, first);
    }
}
