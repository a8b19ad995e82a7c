using SmartHomeCam.Media.H264;
using SmartHomeCam.Media.Rtp;
using static SmartHomeCam.Media.Tests.RtpPacketsForTests;

namespace SmartHomeCam.Media.Tests;

/// <summary>RFC 6184 depacketizing: single NAL, STAP-A, FU-A, loss handling and parameter sets before IDRs.</summary>
public sealed class H264DepacketizerTests
{
    private static readonly byte[] Sps = Convert.FromBase64String("Z0LADdkBQfsBEAAAAwAQAAADAyDxQqSA");
    private static readonly byte[] Pps = Convert.FromBase64String("aMuDyyA=");

    private sealed class Sink
    {
        public List<(byte[] Data, uint Ts, bool Key, bool Disc)> Units { get; } = [];

        public void On(ReadOnlySpan<byte> au, uint ts, bool key, bool disc) => Units.Add((au.ToArray(), ts, key, disc));

        public List<int> Types(int index)
        {
            var types = new List<int>();
            foreach (var nal in AnnexB.EnumerateNalUnits(Units[index].Data))
            {
                types.Add(NalUnitType.Of(nal));
            }

            return types;
        }
    }

    private static byte[] SdpSets() => [0, 0, 0, 1, .. Sps, 0, 0, 0, 1, .. Pps];

    [Fact]
    public void Single_nal_units_end_at_the_marker_and_sps_pps_go_before_the_idr()
    {
        var sink = new Sink();
        using var d = new H264Depacketizer(SdpSets(), sink.On);
        d.Push(Nal(NalUnitType.IdrSlice, 50), 1000, marker: true);
        d.Push(Nal(NalUnitType.NonIdrSlice, 30), 4600, marker: true);
        Assert.Equal(2, sink.Units.Count);
        Assert.Equal([NalUnitType.Sps, NalUnitType.Pps, NalUnitType.IdrSlice], sink.Types(0));
        Assert.True(sink.Units[0].Key);
        Assert.Equal(1000u, sink.Units[0].Ts);
        Assert.Equal([NalUnitType.NonIdrSlice], sink.Types(1));
        Assert.False(sink.Units[1].Key);
    }

    [Fact]
    public void Stap_a_aggregates_and_in_band_parameter_sets_are_remembered()
    {
        var sink = new Sink();
        using var d = new H264Depacketizer([], sink.On);
        d.Push(StapA(Sps, Pps, Nal(NalUnitType.IdrSlice, 40)), 0, marker: true);
        d.Push(Nal(NalUnitType.IdrSlice, 40), 3600, marker: true); // a later IDR without them gets them added
        Assert.Equal([NalUnitType.Sps, NalUnitType.Pps, NalUnitType.IdrSlice], sink.Types(0));
        Assert.Equal([NalUnitType.Sps, NalUnitType.Pps, NalUnitType.IdrSlice], sink.Types(1));
        Assert.Equal(Sps, d.Sps.ToArray());
    }

    [Fact]
    public void Fu_a_fragments_reassemble_into_the_original_nal()
    {
        var sink = new Sink();
        using var d = new H264Depacketizer(SdpSets(), sink.On);
        var idr = Nal(NalUnitType.IdrSlice, 5000);
        new Random(1).NextBytes(idr.AsSpan(1));
        var fragments = FuA(idr, 1400);
        for (var i = 0; i < fragments.Count; i++)
        {
            d.Push(fragments[i], 90, marker: i == fragments.Count - 1);
        }

        var unit = Assert.Single(sink.Units);
        Assert.True(unit.Key);
        Assert.Equal(idr, unit.Data.AsSpan(unit.Data.Length - idr.Length).ToArray());
    }

    [Fact]
    public void Loss_drops_frames_to_the_next_idr_which_is_marked()
    {
        var sink = new Sink();
        using var d = new H264Depacketizer(SdpSets(), sink.On);
        d.Push(Nal(NalUnitType.IdrSlice, 20), 0, marker: true);
        d.Push(Nal(NalUnitType.NonIdrSlice, 20), 3600, marker: true);
        d.Push(Nal(NalUnitType.NonIdrSlice, 20), 10800, marker: true, lostBefore: 3);
        d.Push(Nal(NalUnitType.NonIdrSlice, 20), 14400, marker: true);
        d.Push(Nal(NalUnitType.IdrSlice, 20), 18000, marker: true);
        d.Push(Nal(NalUnitType.NonIdrSlice, 20), 21600, marker: true);
        Assert.Equal([0u, 3600u, 18000u, 21600u], sink.Units.Select(u => u.Ts));
        Assert.True(sink.Units[2].Disc);
        Assert.False(sink.Units[3].Disc);
        Assert.Equal(2, d.DroppedAccessUnits);
    }

    [Fact]
    public void A_lost_fu_a_start_or_end_drops_that_unit()
    {
        var sink = new Sink();
        using var d = new H264Depacketizer(SdpSets(), sink.On);
        var fragments = FuA(Nal(NalUnitType.IdrSlice, 3000), 1000);
        d.Push(fragments[1], 0, marker: false); // start missing
        d.Push(fragments[2], 0, marker: true);
        Assert.Empty(sink.Units);
        d.Push(fragments[0], 3600, marker: false);
        d.Push(fragments[1], 3600, marker: false);
        d.Push(Nal(NalUnitType.NonIdrSlice, 10), 7200, marker: true); // end never came, timestamp moved on
        Assert.Empty(sink.Units);
        foreach (var f in fragments)
        {
            d.Push(f, 10800, marker: f == fragments[^1]);
        }

        var unit = Assert.Single(sink.Units);
        Assert.True(unit.Disc);
    }

    [Fact]
    public void Timestamp_change_completes_a_unit_whose_marker_was_lost()
    {
        var sink = new Sink();
        using var d = new H264Depacketizer(SdpSets(), sink.On);
        d.Push(Nal(NalUnitType.IdrSlice, 20), 0, marker: false);
        d.Push(Nal(NalUnitType.NonIdrSlice, 20), 3600, marker: true);
        Assert.Equal(2, sink.Units.Count);
    }

    [Fact]
    public void Parameter_sets_repeated_between_slices_are_not_repeated_in_the_unit()
    {
        var sink = new Sink();
        using var d = new H264Depacketizer([], sink.On);
        d.Push(StapA(Sps, Pps, Nal(NalUnitType.IdrSlice, 20)), 0, marker: false);
        d.Push(StapA(Sps, Pps, Nal(NalUnitType.IdrSlice, 20)), 0, marker: true);
        Assert.Equal([NalUnitType.Sps, NalUnitType.Pps, NalUnitType.IdrSlice, NalUnitType.IdrSlice], sink.Types(0));
    }

    [Fact]
    public void Malformed_payloads_are_counted_and_dropped()
    {
        var sink = new Sink();
        using var d = new H264Depacketizer(SdpSets(), sink.On);
        d.Push([], 0, marker: false);
        d.Push([0x78, 0x00, 0x50, 0x65], 0, marker: false); // STAP-A claiming 80 bytes
        d.Push([0x7C], 0, marker: false); // FU-A without header
        d.Push([0x7A, 1, 2], 0, marker: false); // STAP-B
        Assert.Equal(4, d.MalformedPackets);
        d.Push(Nal(NalUnitType.IdrSlice, 20), 0, marker: true);
        Assert.Single(sink.Units);
    }

    [Fact]
    public void Random_and_truncated_payloads_never_throw_and_memory_stays_bounded()
    {
        var random = new Random(6184);
        var sink = new Sink();
        using var d = new H264Depacketizer(SdpSets(), (au, ts, key, disc) =>
        {
            Assert.True(au.Length <= H264Depacketizer.MaxAccessUnitLength + 1024);
            sink.Units.Clear();
        });
        var seeds = new List<byte[]> { StapA(Sps, Pps, Nal(5, 30)), Nal(1, 40) };
        seeds.AddRange(FuA(Nal(5, 4000), 900));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 20000; i++)
        {
            byte[] payload;
            if (i % 2 == 0)
            {
                payload = seeds[random.Next(seeds.Count)].ToArray();
                payload = payload[..random.Next(payload.Length + 1)];
                if (payload.Length > 0)
                {
                    payload[random.Next(payload.Length)] = (byte)random.Next(256);
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
        Assert.True(after - before < 32 * 1024 * 1024, $"grew {after - before} bytes");
    }
}
