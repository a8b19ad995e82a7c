using SmartHomeCam.Media.H264;

namespace SmartHomeCam.Media.Rtp;

/// <summary>The picture size from an H.265 sequence parameter set (H.265 §7.3.2.2), enough for a camera probe.</summary>
public static class H265SpsParser
{
    /// <summary>Width and height after the conformance window; null when the NAL is not an SPS or is malformed.</summary>
    public static (int Width, int Height)? TryParseSize(ReadOnlySpan<byte> nal)
    {
        if (H265NalType.Of(nal) != H265NalType.Sps || nal.Length < 16)
        {
            return null;
        }

        try
        {
            var r = new BitReader(nal[2..]);
            r.SkipBits(4); // sps_video_parameter_set_id
            var subLayers = (int)r.ReadBits(3); // sps_max_sub_layers_minus1
            r.SkipBits(1);
            SkipProfileTierLevel(ref r, subLayers);
            if (r.ReadUe() > 15)
            {
                return null; // sps_seq_parameter_set_id
            }

            var chroma = r.ReadUe();
            if (chroma > 3)
            {
                return null;
            }

            if (chroma == 3)
            {
                r.SkipBits(1); // separate_colour_plane_flag
            }

            var width = (long)r.ReadUe();
            var height = (long)r.ReadUe();
            if (r.ReadFlag())
            {
                var subWidth = chroma is 1 or 2 ? 2 : 1;
                var subHeight = chroma == 1 ? 2 : 1;
                width -= subWidth * ((long)r.ReadUe() + r.ReadUe());
                height -= subHeight * ((long)r.ReadUe() + r.ReadUe());
            }

            return width is > 0 and <= 16384 && height is > 0 and <= 16384 ? ((int)width, (int)height) : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>§7.3.3 with profilePresentFlag = 1: 88 bits of general profile, 8 of level, then the sub-layers'.</summary>
    private static void SkipProfileTierLevel(ref BitReader r, int subLayers)
    {
        r.SkipBits(88 + 8);
        Span<bool> profilePresent = stackalloc bool[8];
        Span<bool> levelPresent = stackalloc bool[8];
        for (var i = 0; i < subLayers; i++)
        {
            profilePresent[i] = r.ReadFlag();
            levelPresent[i] = r.ReadFlag();
        }

        if (subLayers > 0)
        {
            r.SkipBits(2 * (8 - subLayers)); // reserved_zero_2bits
        }

        for (var i = 0; i < subLayers; i++)
        {
            r.SkipBits((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
        }
    }
}
