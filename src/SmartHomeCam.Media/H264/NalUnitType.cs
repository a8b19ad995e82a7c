namespace SmartHomeCam.Media.H264;

/// <summary>The nal_unit_type values we act on (ITU-T H.264 Table 7-1).</summary>
public static class NalUnitType
{
    public const int NonIdrSlice = 1;
    public const int IdrSlice = 5;
    public const int Sei = 6;
    public const int Sps = 7;
    public const int Pps = 8;
    public const int AccessUnitDelimiter = 9;
    public const int EndOfSequence = 10;
    public const int EndOfStream = 11;
    public const int FillerData = 12;

    public static int Of(ReadOnlySpan<byte> nal) => nal.IsEmpty ? -1 : nal[0] & 0x1F;

    public static bool IsVcl(int type) => type is >= 1 and <= 5;
}
