using SmartHomeCam.Media.H264;
using SmartHomeCam.Media.Rtp;
using SmartHomeCam.Media.Sdp;

namespace SmartHomeCam.Media.Tests;

/// <summary>RFC 7798 depacketizing: single NAL, aggregation packets, fragmentation units, loss and parameter sets.</summary>
public sealed class H265DepacketizerTests
{
    private const int IdrWRadl = 19;
    private const int Cra = 21;
    private const int TrailR = 1;
    private const int Sei = 39;

    private static readonly byte[] Vps = Nal(H265NalType.Vps, 20, 0x11);
    private static readonly byte[] Sps = Nal(H265NalType.Sps, 30, 0x22);
    private static readonly byte[] Pps = Nal(H265NalType.Pps, 8, 0x33);

    private sealed class Sink
    {
        public List<(byte[] Data, uint Ts, bool Key, bool Disc)> Units { get; } = [];

        public void On(ReadOnlySpan<byte> au, uint ts, bool key, bool disc) => Units.Add((au.ToArray(), ts, key, disc));

        public List<int> Types(int index)
        {
            var types = new List<int>();
            foreach (var nal in AnnexB.EnumerateNalUnits(Units[index].Data))
            {
                types.Add(H265NalType.Of(nal));
            }

            return types;
        }
    }

    /// <summary>A NAL unit with a two-byte header (layer 0, TID 1) and a filled body.</summary>
    private static byte[] Nal(int type, int length, byte fill = 0xAB)
    {
        var nal = new byte[length];
        nal.AsSpan().Fill(fill);
        nal[0] = (byte)(type << 1);
        nal[1] = 1;
        return nal;
    }

    private static byte[] Aggregate(params byte[][] nals)
    {
        var packet = new List<byte> { H265NalType.AggregationPacket << 1, 1 };
        foreach (var nal in nals)
        {
            packet.Add((byte)(nal.Length >> 8));
            packet.Add((byte)nal.Length);
            packet.AddRange(nal);
        }

        return [.. packet];
    }

    private static List<byte[]> Fragments(byte[] nal, int chunk)
    {
        var type = H265NalType.Of(nal);
        var body = nal.AsSpan(2);
        var packets = new List<byte[]>();
        for (var offset = 0; offset < body.Length; offset += chunk)
        {
            var piece = body.Slice(offset, Math.Min(chunk, body.Length - offset));
            var fu = (byte)(type | (offset == 0 ? 0x80 : 0) | (offset + chunk >= body.Length ? 0x40 : 0));
            packets.Add([(byte)((nal[0] & 0x81) | (H265NalType.FragmentationUnit << 1)), nal[1], fu, .. piece]);
        }

        return packets;
    }

    private static byte[] SdpSets() => [0, 0, 0, 1, .. Vps, 0, 0, 0, 1, .. Sps, 0, 0, 0, 1, .. Pps];

    [Fact]
    public void Single_nal_units_end_at_the_marker_and_parameter_sets_go_before_the_irap()
    {
        var sink = new Sink();
        using var d = new H265Depacketizer(SdpSets(), sink.On);
        d.Push(Nal(IdrWRadl, 50), 1000, marker: true);
        d.Push(Nal(TrailR, 30), 4600, marker: true);
        Assert.Equal(2, sink.Units.Count);
        Assert.Equal([H265NalType.Vps, H265NalType.Sps, H265NalType.Pps, IdrWRadl], sink.Types(0));
        Assert.True(sink.Units[0].Key);
        Assert.False(sink.Units[0].Disc);
        Assert.Equal(1000u, sink.Units[0].Ts);
        Assert.Equal([TrailR], sink.Types(1));
        Assert.False(sink.Units[1].Key);
        Assert.Equal(Sps, d.Sps.ToArray());
    }

    [Fact]
    public void Aggregation_packets_carry_in_band_parameter_sets_which_are_remembered_for_later_iraps()
    {
        var sink = new Sink();
        using var d = new H265Depacketizer([], sink.On);
        Assert.False(d.HasParameterSets);
        d.Push(Aggregate(Vps, Sps, Pps), 0, marker: false);
        d.Push(Nal(Cra, 40), 0, marker: true);
        d.Push(Nal(Cra, 40), 3600, marker: true); // a CRA without them gets them added
        Assert.True(d.HasParameterSets);
        Assert.Equal([H265NalType.Vps, H265NalType.Sps, H265NalType.Pps, Cra], sink.Types(0));
        Assert.Equal([H265NalType.Vps, H265NalType.Sps, H265NalType.Pps, Cra], sink.Types(1));
        Assert.All(sink.Units, u => Assert.True(u.Key));
    }

    [Fact]
    public void Fragmentation_units_rebuild_the_nal_unit_byte_for_byte()
    {
        var idr = Nal(IdrWRadl, 5000);
        new Random(7798).NextBytes(idr.AsSpan(2));
        var sink = new Sink();
        using var d = new H265Depacketizer(SdpSets(), sink.On);
        var fragments = Fragments(idr, 1200);
        for (var i = 0; i < fragments.Count; i++)
        {
            d.Push(fragments[i], 90, marker: i == fragments.Count - 1);
        }

        Assert.Single(sink.Units);
        var nals = new List<byte[]>();
        foreach (var nal in AnnexB.EnumerateNalUnits(sink.Units[0].Data))
        {
            nals.Add(nal.ToArray());
        }

        Assert.Equal(idr, nals[^1]);
        Assert.Equal(Vps, nals[0]);
    }

    [Fact]
    public void A_fragmented_sps_in_band_is_remembered()
    {
        var sps = Nal(H265NalType.Sps, 3000, 0x5A);
        var sink = new Sink();
        using var d = new H265Depacketizer([0, 0, 0, 1, .. Vps, 0, 0, 0, 1, .. Pps], sink.On);
        foreach (var fragment in Fragments(sps, 1000))
        {
            d.Push(fragment, 0, marker: false);
        }

        d.Push(Nal(IdrWRadl, 10), 0, marker: true);
        Assert.Equal(sps, d.Sps.ToArray());
        d.Push(Nal(IdrWRadl, 10), 3000, marker: true);
        Assert.Equal([H265NalType.Vps, H265NalType.Sps, H265NalType.Pps, IdrWRadl], sink.Types(1));
    }

    [Fact]
    public void A_timestamp_change_ends_a_unit_whose_marker_was_lost()
    {
        var sink = new Sink();
        using var d = new H265Depacketizer(SdpSets(), sink.On);
        d.Push(Nal(Sei, 10), 0, marker: false);
        d.Push(Nal(IdrWRadl, 10), 0, marker: false);
        d.Push(Nal(TrailR, 10), 3600, marker: true);
        Assert.Equal(2, sink.Units.Count);
        Assert.Equal(0u, sink.Units[0].Ts);
        Assert.Equal(3600u, sink.Units[1].Ts);
    }

    [Fact]
    public void Loss_drops_pictures_until_the_next_irap_which_is_marked()
    {
        var sink = new Sink();
        using var d = new H265Depacketizer(SdpSets(), sink.On);
        d.Push(Nal(TrailR, 10), 0, marker: true); // before any IRAP: dropped
        d.Push(Nal(IdrWRadl, 10), 3600, marker: true);
        var fragments = Fragments(Nal(TrailR, 3000), 1000);
        d.Push(fragments[0], 7200, marker: false);
        d.Push(fragments[2], 7200, marker: true, lostBefore: 1);
        d.Push(Nal(TrailR, 10), 10800, marker: true);
        d.Push(Nal(Cra, 10), 14400, marker: true);
        Assert.Equal(2, sink.Units.Count);
        Assert.False(sink.Units[0].Disc);
        Assert.True(sink.Units[1].Disc);
        Assert.Equal(14400u, sink.Units[1].Ts);
        Assert.Equal(3, d.DroppedAccessUnits);
    }

    [Fact]
    public void A_fragment_without_its_start_breaks_only_its_unit()
    {
        var sink = new Sink();
        using var d = new H265Depacketizer(SdpSets(), sink.On);
        d.Push(Nal(IdrWRadl, 10), 0, marker: true);
        var fragments = Fragments(Nal(TrailR, 3000), 1000);
        d.Push(fragments[1], 3600, marker: false);
        d.Push(fragments[2], 3600, marker: true);
        d.Push(Nal(IdrWRadl, 10), 7200, marker: true);
        Assert.Equal(2, sink.Units.Count);
        Assert.True(sink.Units[1].Disc);
    }

    [Fact]
    public void Malformed_payloads_are_counted_and_dropped()
    {
        var sink = new Sink();
        using var d = new H265Depacketizer(SdpSets(), sink.On);
        d.Push([], 0, marker: false);
        d.Push([0x02], 0, marker: false); // shorter than a header + data
        d.Push([0x82, 0x01, 0xAA], 0, marker: false); // forbidden_zero_bit
        d.Push([H265NalType.AggregationPacket << 1, 1, 0, 50, 1, 2], 0, marker: false); // size beyond the packet
        d.Push(Aggregate(Nal(Sei, 10)), 0, marker: false); // an AP of one unit
        d.Push([H265NalType.FragmentationUnit << 1, 1, 0xC1, 9], 0, marker: false); // S and E together
        d.Push([H265NalType.Paci << 1, 1, 0, 0], 0, marker: false);
        Assert.Equal(7, d.MalformedPackets);
        d.Push(Nal(IdrWRadl, 20), 0, marker: true);
        Assert.Single(sink.Units);
    }

    [Fact]
    public void Sdp_sprop_parameters_become_annex_b_in_vps_sps_pps_order()
    {
        var media = new SdpMedia("video", "RTP/AVP", 96, "H265", 90000, 0, "trackID=0", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["sprop-pps"] = Convert.ToBase64String(Pps),
            ["sprop-sps"] = Convert.ToBase64String(Sps),
            ["sprop-vps"] = Convert.ToBase64String(Vps) + ",!!notbase64",
        });
        Assert.Equal(SdpSets(), H265FormatParameters.ParameterSets(media));
        Assert.False(H265FormatParameters.UsesDecodingOrderNumbers(media));
        var empty = media with { FormatParameters = new Dictionary<string, string> { ["sprop-max-don-diff"] = "2" } };
        Assert.Empty(H265FormatParameters.ParameterSets(empty));
        Assert.True(H265FormatParameters.UsesDecodingOrderNumbers(empty));
    }

    [Fact]
    public void Random_and_truncated_payloads_never_throw_and_units_stay_bounded()
    {
        var random = new Random(7798);
        var seeds = new List<byte[]> { Aggregate(Vps, Sps, Pps), Nal(IdrWRadl, 40), Nal(TrailR, 40) };
        seeds.AddRange(Fragments(Nal(IdrWRadl, 4000), 900));
        var largest = 0;
        var emitted = 0;
        using var d = new H265Depacketizer(SdpSets(), (au, _, _, _) =>
        {
            largest = Math.Max(largest, au.Length);
            emitted++;
        });
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 20000; i++)
        {
            byte[] payload;
            if (i % 3 != 2)
            {
                payload = seeds[random.Next(seeds.Count)].ToArray();
                payload = payload[..random.Next(payload.Length + 1)]; // truncated
                if (payload.Length > 0 && random.Next(2) == 0)
                {
                    payload[random.Next(payload.Length)] = (byte)random.Next(256); // one byte flipped
                }
            }
            else
            {
                payload = new byte[random.Next(1500)];
                random.NextBytes(payload);
            }

            d.Push(payload, (uint)(i / 7 * 3600), marker: random.Next(4) == 0, lostBefore: random.Next(50) == 0 ? 1 : 0);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(emitted > 0, "intact seeds should still yield pictures");
        Assert.True(d.MalformedPackets > 0);
        Assert.True(largest <= H265Depacketizer.MaxAccessUnitLength + 4096);
        Assert.True(after - before < 32 * 1024 * 1024, $"grew {after - before} bytes");
    }

    [Fact]
    public void A_unit_over_the_cap_is_dropped_not_grown()
    {
        var sink = new Sink();
        using var d = new H265Depacketizer(SdpSets(), sink.On);
        var piece = new byte[60000];
        var first = true;
        for (var total = 0; total <= H265Depacketizer.MaxAccessUnitLength; total += piece.Length)
        {
            var fu = (byte)(IdrWRadl | (first ? 0x80 : 0));
            d.Push([H265NalType.FragmentationUnit << 1, 1, fu, .. piece], 0, marker: false);
            first = false;
        }

        d.Push([H265NalType.FragmentationUnit << 1, 1, 0x40 | IdrWRadl, 1], 0, marker: true);
        Assert.Empty(sink.Units);
        Assert.Equal(1, d.DroppedAccessUnits);
    }
}
