using SmartHomeCam.Media.Rtp;

namespace SmartHomeCam.Media.Tests;

/// <summary>Builds RTP packets and H.264 payloads (RFC 6184 shapes) for the depacketizer tests.</summary>
internal static class RtpPacketsForTests
{
    public static byte[] Packet(ushort seq, uint timestamp, bool marker, ReadOnlySpan<byte> payload, int payloadType = 96, uint ssrc = 0x1234)
    {
        var packet = new byte[RtpPacket.HeaderLength + payload.Length];
        RtpPacket.WriteHeader(packet, marker, payloadType, seq, timestamp, ssrc);
        payload.CopyTo(packet.AsSpan(RtpPacket.HeaderLength));
        return packet;
    }

    /// <summary>A NAL of the given type with a recognisable body.</summary>
    public static byte[] Nal(int type, int length, byte fill = 0xAB)
    {
        var nal = new byte[length];
        nal[0] = (byte)(0x60 | type);
        nal.AsSpan(1).Fill(fill);
        return nal;
    }

    public static byte[] StapA(params byte[][] nals)
    {
        var result = new List<byte> { 0x78 }; // NRI 3, type 24
        foreach (var nal in nals)
        {
            result.Add((byte)(nal.Length >> 8));
            result.Add((byte)nal.Length);
            result.AddRange(nal);
        }

        return [.. result];
    }

    /// <summary>Splits a NAL into FU-A fragments of at most <paramref name="chunk"/> payload bytes.</summary>
    public static List<byte[]> FuA(byte[] nal, int chunk)
    {
        var fragments = new List<byte[]>();
        var indicator = (byte)((nal[0] & 0xE0) | 28);
        for (var offset = 1; offset < nal.Length; offset += chunk)
        {
            var length = Math.Min(chunk, nal.Length - offset);
            var header = (byte)(nal[0] & 0x1F);
            if (offset == 1)
            {
                header |= 0x80;
            }

            if (offset + length >= nal.Length)
            {
                header |= 0x40;
            }

            fragments.Add([indicator, header, .. nal.AsSpan(offset, length)]);
        }

        return fragments;
    }
}
