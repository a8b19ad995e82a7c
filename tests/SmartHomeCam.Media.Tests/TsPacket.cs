namespace SmartHomeCam.Media.Tests;

/// <summary>One parsed 188-byte transport packet (ISO/IEC 13818-1 §2.4.3.2), for assertions.</summary>
public readonly record struct TsPacket(int Pid, bool PayloadStart, int Continuity, bool HasPayload, ReadOnlyMemory<byte> Payload)
{
    public static List<TsPacket> ParseAll(ReadOnlyMemory<byte> ts)
    {
        Assert.Equal(0, ts.Length % 188);
        var packets = new List<TsPacket>();
        for (var i = 0; i < ts.Length; i += 188)
        {
            var p = ts.Slice(i, 188);
            var s = p.Span;
            Assert.Equal(0x47, s[0]);
            var control = (s[3] >> 4) & 0x3;
            var start = 4 + ((control & 0x2) != 0 ? 1 + s[4] : 0);
            var hasPayload = (control & 0x1) != 0;
            packets.Add(new TsPacket(((s[1] & 0x1F) << 8) | s[2], (s[1] & 0x40) != 0, s[3] & 0x0F, hasPayload, hasPayload ? p[start..] : ReadOnlyMemory<byte>.Empty));
        }

        return packets;
    }

    /// <summary>The 33-bit PTS of a PES that starts in this packet's payload.</summary>
    public long PesPts()
    {
        var h = Payload.Span;
        Assert.True(h[0] == 0 && h[1] == 0 && h[2] == 1, "PES start code");
        Assert.True((h[7] & 0x80) != 0, "PTS flag");
        var t = h[9..];
        return ((long)(t[0] & 0x0E) << 29) | ((long)t[1] << 22) | ((long)(t[2] & 0xFE) << 14) | ((long)t[3] << 7) | ((long)t[4] >> 1);
    }
}
