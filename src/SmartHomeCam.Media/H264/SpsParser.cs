namespace SmartHomeCam.Media.H264;

/// <summary>Parses a sequence parameter set NAL (with its one-byte header).</summary>
public static class SpsParser
{
    private static readonly int[] HighProfiles = [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135];

    /// <summary>Null when the NAL is not an SPS or is malformed/truncated.</summary>
    public static SequenceParameterSet? TryParse(ReadOnlySpan<byte> nal)
    {
        if (NalUnitType.Of(nal) != NalUnitType.Sps || nal.Length < 4)
        {
            return null;
        }

        try
        {
            return Parse(nal[1..]);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static SequenceParameterSet? Parse(ReadOnlySpan<byte> rbsp)
    {
        var r = new BitReader(rbsp);
        var profile = (int)r.ReadBits(8);
        var constraints = (int)r.ReadBits(8);
        var level = (int)r.ReadBits(8);
        if (r.ReadUe() > 31)
        {
            return null; // seq_parameter_set_id out of range
        }

        var chromaFormat = 1;
        var separateColourPlane = false;
        var bitDepthLuma = 8;
        if (Array.IndexOf(HighProfiles, profile) >= 0)
        {
            chromaFormat = (int)r.ReadUe();
            if (chromaFormat > 3)
            {
                return null;
            }

            if (chromaFormat == 3)
            {
                separateColourPlane = r.ReadFlag();
            }

            bitDepthLuma = (int)r.ReadUe() + 8;
            r.ReadUe(); // bit_depth_chroma_minus8
            r.ReadFlag(); // qpprime_y_zero_transform_bypass_flag
            if (r.ReadFlag())
            {
                SkipScalingMatrix(ref r, chromaFormat == 3 ? 12 : 8);
            }
        }

        r.ReadUe(); // log2_max_frame_num_minus4
        var pocType = r.ReadUe();
        if (pocType == 0)
        {
            r.ReadUe();
        }
        else if (pocType == 1)
        {
            r.ReadFlag();
            r.ReadSe();
            r.ReadSe();
            var cycle = r.ReadUe();
            if (cycle > 255)
            {
                return null;
            }

            for (var i = 0; i < cycle; i++)
            {
                r.ReadSe();
            }
        }

        r.ReadUe(); // max_num_ref_frames
        r.ReadFlag(); // gaps_in_frame_num_value_allowed_flag
        var widthMbs = r.ReadUe() + 1;
        var heightMapUnits = r.ReadUe() + 1;
        var frameMbsOnly = r.ReadFlag();
        if (!frameMbsOnly)
        {
            r.ReadFlag(); // mb_adaptive_frame_field_flag
        }

        r.ReadFlag(); // direct_8x8_inference_flag
        uint cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.ReadFlag())
        {
            cropLeft = r.ReadUe();
            cropRight = r.ReadUe();
            cropTop = r.ReadUe();
            cropBottom = r.ReadUe();
        }

        var chromaArrayType = separateColourPlane ? 0 : chromaFormat;
        var subWidthC = chromaFormat is 1 or 2 ? 2 : 1;
        var subHeightC = chromaFormat == 1 ? 2 : 1;
        var cropUnitX = chromaArrayType == 0 ? 1 : subWidthC;
        var cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * (frameMbsOnly ? 1 : 2);
        var width = (long)widthMbs * 16 - cropUnitX * (long)(cropLeft + cropRight);
        var height = (frameMbsOnly ? 1 : 2) * (long)heightMapUnits * 16 - cropUnitY * (long)(cropTop + cropBottom);
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
        {
            return null;
        }

        uint? unitsInTick = null, timeScale = null;
        if (TryReadVuiTiming(ref r, out var units, out var scale))
        {
            unitsInTick = units;
            timeScale = scale;
        }

        return new SequenceParameterSet(profile, constraints, level, chromaFormat, bitDepthLuma, (int)width, (int)height, frameMbsOnly, unitsInTick, timeScale);
    }

    /// <summary>VUI up to timing_info (§E.1.1). A VUI cut short still yields the SPS, just without timing.</summary>
    private static bool TryReadVuiTiming(ref BitReader r, out uint unitsInTick, out uint timeScale)
    {
        unitsInTick = timeScale = 0;
        try
        {
            if (!r.ReadFlag())
            {
                return false;
            }

            if (r.ReadFlag() && r.ReadBits(8) == 255)
            {
                r.SkipBits(32); // sar_width, sar_height
            }

            if (r.ReadFlag())
            {
                r.ReadFlag(); // overscan_appropriate_flag
            }

            if (r.ReadFlag())
            {
                r.SkipBits(4); // video_format, video_full_range_flag
                if (r.ReadFlag())
                {
                    r.SkipBits(24); // colour primaries, transfer, matrix
                }
            }

            if (r.ReadFlag())
            {
                r.ReadUe();
                r.ReadUe();
            }

            if (!r.ReadFlag())
            {
                return false;
            }

            unitsInTick = r.ReadBits(32);
            timeScale = r.ReadBits(32);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static void SkipScalingMatrix(ref BitReader r, int lists)
    {
        for (var i = 0; i < lists; i++)
        {
            if (!r.ReadFlag())
            {
                continue;
            }

            var size = i < 6 ? 16 : 64;
            int last = 8, next = 8;
            for (var j = 0; j < size; j++)
            {
                if (next != 0)
                {
                    next = (last + r.ReadSe() + 256) % 256;
                }

                last = next == 0 ? last : next;
            }
        }
    }
}
