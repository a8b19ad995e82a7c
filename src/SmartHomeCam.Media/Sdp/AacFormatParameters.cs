using System.Globalization;

namespace SmartHomeCam.Media.Sdp;

/// <summary>
/// The <c>mpeg4-generic</c> parameters of RFC 3640 §4.1 for AAC (mode=AAC-hbr/AAC-lbr): the AU-header layout and
/// the AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) that names object type, sample rate and channels.
/// </summary>
public sealed record AacFormatParameters(int SizeLength, int IndexLength, int IndexDeltaLength, AacTrack Track)
{
    private static readonly int[] SampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>Null when the media is not AAC in mpeg4-generic or its config is unusable.</summary>
    public static AacFormatParameters? TryParse(SdpMedia media)
    {
        if (!media.Is("mpeg4-generic") && !media.Is("MPEG4-GENERIC"))
        {
            return null;
        }

        var sizeLength = Int(media, "sizelength", 0);
        var indexLength = Int(media, "indexlength", 0);
        var indexDeltaLength = Int(media, "indexdeltalength", 0);
        if (sizeLength is < 1 or > 16 || indexLength is < 0 or > 8 || indexDeltaLength is < 0 or > 8)
        {
            return null;
        }

        var track = TrackFromConfig(media.Parameter("config"));
        return track is null ? null : new AacFormatParameters(sizeLength, indexLength, indexDeltaLength, track);
    }

    /// <summary>Reads audioObjectType (5 bits), samplingFrequencyIndex (4, or 15 + 24-bit rate) and channelConfiguration (4).</summary>
    public static AacTrack? TrackFromConfig(string? hex)
    {
        if (string.IsNullOrEmpty(hex) || hex.Length < 4 || hex.Length > 64 || hex.Length % 2 != 0)
        {
            return null;
        }

        byte[] config;
        try
        {
            config = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return null;
        }

        ulong bits = 0;
        for (var i = 0; i < Math.Min(8, config.Length); i++)
        {
            bits |= (ulong)config[i] << (56 - (8 * i));
        }

        var available = Math.Min(8, config.Length) * 8;
        var objectType = (int)(bits >> 59);
        var rateIndex = (int)((bits >> 55) & 0xF);
        int sampleRate;
        int channelShift;
        if (rateIndex == 15)
        {
            if (available < 37)
            {
                return null;
            }

            sampleRate = (int)((bits >> 31) & 0xFFFFFF);
            channelShift = 27;
            if (Array.IndexOf(SampleRates, sampleRate) < 0)
            {
                return null; // ADTS can only name the table's rates
            }
        }
        else
        {
            if (rateIndex >= SampleRates.Length)
            {
                return null;
            }

            sampleRate = SampleRates[rateIndex];
            channelShift = 51;
        }

        var channels = (int)((bits >> channelShift) & 0xF);
        if (objectType is < 1 or > 4 || sampleRate <= 0 || channels is < 1 or > 7)
        {
            return null; // ADTS carries only object types 1-4 (2-bit profile) and channel configurations 1-7
        }

        return new AacTrack(sampleRate, channels, objectType);
    }

    private static int Int(SdpMedia media, string name, int fallback) =>
        int.TryParse(media.Parameter(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
