namespace SmartHomeCam.NestLegacy.Protocol;

/// <summary>Facts about packet types the framing needs.</summary>
public static class PacketTypes
{
    /// <summary>Whether the type is one spec §3 lists (others are skipped by length and counted).</summary>
    public static bool IsKnown(byte type) => Enum.IsDefined((PacketType)type);

    /// <summary>Header size: 5 bytes for LONG_PLAYBACK_PACKET (u32 length), 3 for every other type (u16).</summary>
    public static int HeaderLength(byte type) => type == (byte)PacketType.LongPlaybackPacket ? 5 : 3;
}
