using SmartHomeCam.Media.Aac;
using SmartHomeCam.Media.Rtp;
using SmartHomeCam.Media.Sdp;

namespace SmartHomeCam.Media.Tests;

/// <summary>RFC 3640 AAC-hbr: AU headers (13/3/3), several units per packet, fragmented units, ADTS output.</summary>
public sealed class AacDepacketizerTests
{
    private static readonly AacFormatParameters Format = new(13, 3, 3, new AacTrack(44100, 1, 2));

    private static byte[] Payload(params byte[][] units)
    {
        var headerBits = units.Length * 16;
        var result = new List<byte> { (byte)(headerBits >> 8), (byte)headerBits };
        foreach (var unit in units)
        {
            var header = unit.Length << 3; // 13-bit size, 3-bit index(delta) 0
            result.Add((byte)(header >> 8));
            result.Add((byte)header);
        }

        foreach (var unit in units)
        {
            result.AddRange(unit);
        }

        return [.. result];
    }

    [Fact]
    public void Units_become_adts_frames_spaced_1024_samples()
    {
        var frames = new List<(byte[] Data, uint Ts)>();
        using var d = new AacDepacketizer(Format, (f, ts, _) => frames.Add((f.ToArray(), ts)));
        var a = Enumerable.Repeat((byte)0x11, 200).ToArray();
        var b = Enumerable.Repeat((byte)0x22, 180).ToArray();
        d.Push(Payload(a, b), 5000, marker: true);
        Assert.Equal(2, frames.Count);
        Assert.Equal([5000u, 6024u], frames.Select(f => f.Ts));
        Assert.True(AdtsHeader.TryParse(frames[0].Data, out var header));
        Assert.Equal(new AacTrack(44100, 1, 2), header.ToTrack());
        Assert.Equal(207, header.FrameLength);
        Assert.Equal(a, frames[0].Data[7..]);
        Assert.Equal(b, frames[1].Data[7..]);
    }

    [Fact]
    public void A_unit_fragmented_over_packets_is_reassembled()
    {
        var frames = new List<byte[]>();
        using var d = new AacDepacketizer(Format, (f, _, _) => frames.Add(f.ToArray()));
        var unit = new byte[1500];
        new Random(3).NextBytes(unit);
        var header = new byte[] { 0, 16, (byte)((unit.Length << 3) >> 8), (byte)(unit.Length << 3) };
        d.Push([.. header, .. unit.AsSpan(0, 1000)], 100, marker: false);
        Assert.Empty(frames);
        d.Push([.. header, .. unit.AsSpan(1000)], 100, marker: true);
        var frame = Assert.Single(frames);
        Assert.Equal(unit, frame[7..]);
    }

    [Fact]
    public void Truncated_and_random_payloads_are_dropped_not_thrown()
    {
        using var d = new AacDepacketizer(Format, (f, _, _) => Assert.True(AdtsHeader.TryParse(f, out _)));
        d.Push([0x00], 0, marker: true);
        d.Push([0x00, 0x10, 0x06], 0, marker: true); // header cut short
        Assert.Equal(2, d.MalformedPackets);
        var random = new Random(3640);
        for (var i = 0; i < 20000; i++)
        {
            var payload = new byte[random.Next(400)];
            random.NextBytes(payload);
            if (payload.Length > 2 && i % 3 == 0)
            {
                payload[0] = 0;
                payload[1] = 16;
            }

            d.Push(payload, (uint)(i * 1024), marker: true, lostBefore: i % 97 == 0 ? 1 : 0);
        }
    }
}
