using SmartHomeCam.Media.H264;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Media.Tests;

public class H264ParsingTests
{
    [Fact]
    public void Nal_units_are_found_after_three_and_four_byte_start_codes()
    {
        byte[] data = [0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5, 0, 0];
        var found = new List<byte[]>();
        foreach (var nal in AnnexB.EnumerateNalUnits(data))
        {
            found.Add(nal.ToArray());
        }

        Assert.Equal([[0x67, 1, 2], [0x68, 3], [0x65, 4, 5]], found);
    }

    [Fact]
    public void Bit_reader_skips_emulation_prevention_bytes()
    {
        // 00 00 03 01 → RBSP 00 00 01; read 24 bits.
        var reader = new BitReader([0x00, 0x00, 0x03, 0x01]);
        Assert.Equal(0x000001u, reader.ReadBits(24));
    }

    [Fact]
    public void Exp_golomb_codes_decode()
    {
        // 1 | 010 | 011 | 00100 → 0, 1, 2, 3
        var reader = new BitReader([0b1010_0110, 0b0100_0000]);
        Assert.Equal(0u, reader.ReadUe());
        Assert.Equal(1u, reader.ReadUe());
        Assert.Equal(2u, reader.ReadUe());
        Assert.Equal(3u, reader.ReadUe());
    }

    [Fact]
    public void Truncated_sps_is_rejected_not_thrown()
    {
        Assert.Null(SpsParser.TryParse([0x67, 0x64, 0x00]));
        Assert.Null(SpsParser.TryParse([0x67, 0x64, 0x00, 0x1F, 0x00]));
        Assert.Null(SpsParser.TryParse([0x68, 1, 2, 3, 4]));
    }

    [Fact]
    public async Task Sps_of_a_1080p_stream_reports_cropped_size_level_timing_and_codec_string()
    {
        var h264 = await ExternalTool.MakeH264Async(1920, 1080, 30, 0.2, 30, "-preset veryfast -profile:v high -level 4.1");
        var sps = FirstSps(h264);
        Assert.NotNull(sps);
        Assert.Equal(1920, sps.Width);
        Assert.Equal(1080, sps.Height); // coded 1088, cropped by 8
        Assert.Equal(100, sps.ProfileIdc);
        Assert.Equal(41, sps.LevelIdc);
        Assert.Equal("avc1.640029", sps.CodecString);
        Assert.Equal(30.0, sps.FrameRate);
    }

    [Fact]
    public async Task Sps_of_a_baseline_odd_sized_stream_is_parsed()
    {
        var h264 = await ExternalTool.MakeH264Async(350, 202, 15, 0.2, 15, "-profile:v baseline");
        var sps = FirstSps(h264);
        Assert.NotNull(sps);
        Assert.Equal((350, 202), (sps.Width, sps.Height));
        Assert.Equal(66, sps.ProfileIdc);
        Assert.StartsWith("avc1.42", sps.CodecString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_units_are_split_one_per_frame_with_idr_flags()
    {
        var h264 = await ExternalTool.MakeH264Async(320, 240, 25, 2, 10);
        var units = AccessUnits.Split(h264);
        Assert.Equal(50, units.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i % 10 == 0), units.Select(u => u.Keyframe));
    }

    private static SequenceParameterSet? FirstSps(byte[] h264)
    {
        foreach (var nal in AnnexB.EnumerateNalUnits(h264))
        {
            if (NalUnitType.Of(nal) == NalUnitType.Sps)
            {
                return SpsParser.TryParse(nal);
            }
        }

        return null;
    }
}
