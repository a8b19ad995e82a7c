namespace SmartHomeCam.Media.Ts;

/// <summary>Fixed identifiers of our single-program transport stream.</summary>
public static class TsConstants
{
    public const int PacketSize = 188;
    public const byte SyncByte = 0x47;
    public const ushort PatPid = 0x0000;
    public const ushort PmtPid = 0x1000;
    public const ushort VideoPid = 0x0100;
    public const ushort AudioPid = 0x0101;
    public const ushort ProgramNumber = 1;
    public const byte StreamTypeH264 = 0x1B;
    public const byte StreamTypeAdtsAac = 0x0F;
    public const byte VideoStreamId = 0xE0;
    public const byte AudioStreamId = 0xC0;

    /// <summary>Added to source timestamps so PCR (set a little before DTS) never goes negative.</summary>
    public const long TimestampOffset = 90_000;

    /// <summary>PCR leads DTS by this much (100 ms at 90 kHz): the decoder's buffering allowance.</summary>
    public const long PcrLead = 9_000;

    public const long TimestampMask = (1L << 33) - 1;
}
