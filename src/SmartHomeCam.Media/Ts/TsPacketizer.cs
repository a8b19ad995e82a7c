using System.Buffers;

namespace SmartHomeCam.Media.Ts;

/// <summary>Splits one PES (or PSI section) into 188-byte transport packets (ISO/IEC 13818-1 §2.4.3).</summary>
internal static class TsPacketizer
{
    /// <summary>
    /// Writes <paramref name="pes"/> on <paramref name="pid"/>. The first packet carries PUSI and, when asked,
    /// the PCR and random-access indicator; the last is padded with adaptation-field stuffing.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, ushort pid, ref byte continuity, ReadOnlySpan<byte> pes, long? pcr, bool randomAccess)
    {
        var first = true;
        while (!pes.IsEmpty || first)
        {
            var packet = output.GetSpan(TsConstants.PacketSize)[..TsConstants.PacketSize];
            var withPcr = first && pcr.HasValue;
            var flags = (byte)((first && randomAccess ? 0x40 : 0) | (withPcr ? 0x10 : 0));
            // Adaptation field: length byte + flags byte + 6 PCR bytes, when any flag is set.
            var afLength = flags != 0 ? 1 + 1 + (withPcr ? 6 : 0) : 0;
            var room = 184 - afLength;
            var stuffing = 0;
            if (pes.Length < room)
            {
                stuffing = room - pes.Length;
                if (afLength == 0)
                {
                    // Stuffing needs an adaptation field: 1 byte is just the length (0), 2+ add a flags byte.
                    afLength = stuffing == 1 ? 1 : 2;
                    stuffing -= afLength;
                }

                afLength += stuffing;
            }

            var take = Math.Min(pes.Length, 184 - afLength);
            packet[0] = TsConstants.SyncByte;
            packet[1] = (byte)((first ? 0x40 : 0) | ((pid >> 8) & 0x1F));
            packet[2] = (byte)pid;
            packet[3] = (byte)((afLength > 0 ? 0x30 : 0x10) | continuity);
            continuity = (byte)((continuity + 1) & 0x0F);
            var w = 4;
            if (afLength > 0)
            {
                packet[w++] = (byte)(afLength - 1);
                if (afLength > 1)
                {
                    packet[w++] = flags;
                    if (withPcr)
                    {
                        WritePcr(packet[w..], pcr!.Value);
                        w += 6;
                    }

                    var pad = 4 + afLength - w;
                    packet.Slice(w, pad).Fill(0xFF);
                    w += pad;
                }
            }

            pes[..take].CopyTo(packet[w..]);
            pes = pes[take..];
            output.Advance(TsConstants.PacketSize);
            first = false;
        }
    }

    private static void WritePcr(Span<byte> dest, long pcr90k)
    {
        var b = pcr90k & TsConstants.TimestampMask;
        dest[0] = (byte)(b >> 25);
        dest[1] = (byte)(b >> 17);
        dest[2] = (byte)(b >> 9);
        dest[3] = (byte)(b >> 1);
        dest[4] = (byte)(((b & 1) << 7) | 0x7E); // 6 reserved bits, extension high bit 0
        dest[5] = 0;
    }
}
