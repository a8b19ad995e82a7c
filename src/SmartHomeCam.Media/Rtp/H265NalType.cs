namespace SmartHomeCam.Media.Rtp;

/// <summary>H.265 NAL unit types (ITU-T H.265 Table 7-1) and the RTP payload structures of RFC 7798 §4.4.</summary>
public static class H265NalType
{
    public const int Vps = 32;
    public const int Sps = 33;
    public const int Pps = 34;

    /// <summary>Aggregation packet (RFC 7798 §4.4.2).</summary>
    public const int AggregationPacket = 48;

    /// <summary>Fragmentation unit (RFC 7798 §4.4.3).</summary>
    public const int FragmentationUnit = 49;

    /// <summary>PACI packet (RFC 7798 §4.4.4); we never negotiate it.</summary>
    public const int Paci = 50;

    /// <summary>The type from the first byte of a two-byte NAL unit header (F, Type(6), LayerId, TID).</summary>
    public static int Of(ReadOnlySpan<byte> nal) => nal.IsEmpty ? -1 : (nal[0] >> 1) & 0x3F;

    /// <summary>VCL NAL units carry slices (types 0–31).</summary>
    public static bool IsVcl(int type) => type is >= 0 and <= 31;

    /// <summary>IRAP pictures (BLA, IDR, CRA: types 16–21) start a decodable sequence: our keyframes.</summary>
    public static bool IsIrap(int type) => type is >= 16 and <= 21;

    public static bool IsParameterSet(int type) => type is Vps or Sps or Pps;
}
