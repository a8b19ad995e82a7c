using SmartHomeCam.Media.Rtcp;

namespace SmartHomeCam.Media.Tests;

/// <summary>RTCP SR/RR encode and decode, and the reception statistics of RFC 3550 A.1, A.3 and A.8.</summary>
public sealed class RtcpTests
{
    [Fact]
    public void Sender_report_round_trips_and_compact_ntp_is_the_middle_bits()
    {
        var sr = new RtcpSenderReport(0xCAFEBABE, 0x0123456789ABCDEF, 90000, 10, 12000);
        var buffer = new byte[RtcpSenderReport.Length];
        sr.Write(buffer);
        Assert.True(RtcpSenderReport.TryParse(buffer, out var parsed));
        Assert.Equal(sr, parsed);
        Assert.Equal(0x456789ABu, parsed.CompactNtp);
        Assert.False(RtcpSenderReport.TryParse(buffer.AsSpan(0, 20), out _));
    }

    [Fact]
    public void Receiver_report_is_a_compound_with_sdes_and_round_trips()
    {
        var block = new RtcpReportBlock(0x1234, 25, -3, 70000, 42, 0x456789AB, 65536 * 2);
        var buffer = new byte[RtcpReceiverReport.MaxLength];
        var length = RtcpReceiverReport.Write(buffer, 0xABCD, [block], "shc-test");
        Assert.Equal(0, length % 4);
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.MoveNext());
        Assert.Equal(RtcpPacketType.ReceiverReport, reader.PacketType);
        Assert.True(RtcpReceiverReport.TryParse(reader.Packet, out var reporter, out var blocks));
        Assert.Equal(0xABCDu, reporter);
        Assert.Equal(block, Assert.Single(blocks));
        Assert.True(reader.MoveNext());
        Assert.Equal(RtcpPacketType.SourceDescription, reader.PacketType);
        Assert.False(reader.MoveNext());
    }

    [Fact]
    public void Loss_and_extended_sequence_follow_appendix_a()
    {
        var stats = new RtpReceptionStatistics(90000);
        var t = TimeSpan.Zero;
        ushort seq = 65530;
        for (var i = 0; i < 20; i++, seq++)
        {
            if (i is 5 or 6 or 12)
            {
                continue; // lost
            }

            stats.OnPacket(1, seq, (uint)(i * 3000), t);
        }

        var block = stats.CreateReportBlock(t);
        Assert.Equal(3, block.CumulativeLost);
        Assert.Equal(65536u + 13, block.ExtendedHighestSequence); // 65530 + 19 wrapped once
        Assert.Equal((byte)(3 * 256 / 20), block.FractionLost);
        var next = stats.CreateReportBlock(t);
        Assert.Equal(0, next.FractionLost); // nothing new since the last report
    }

    [Fact]
    public void Jitter_follows_a8_for_a_constant_transit_delay_and_a_step()
    {
        var stats = new RtpReceptionStatistics(90000);
        for (var i = 0; i < 100; i++)
        {
            stats.OnPacket(1, (ushort)i, (uint)(i * 3600), TimeSpan.FromMilliseconds(i * 40)); // perfectly paced
        }

        Assert.Equal(0, stats.Jitter, 3);

        // One packet 10 ms late: D = 900 units, J = 900/16, then it decays by 15/16 per packet
        stats.OnPacket(1, 100, 100 * 3600, TimeSpan.FromMilliseconds((100 * 40) + 10));
        Assert.Equal(900 / 16.0, stats.Jitter, 1);
        stats.OnPacket(1, 101, 101 * 3600, TimeSpan.FromMilliseconds(101 * 40));
        Assert.Equal((900 / 16.0) + ((900 - (900 / 16.0)) / 16), stats.Jitter, 1);
    }

    [Fact]
    public void Lsr_and_dlsr_come_from_the_last_sender_report()
    {
        var stats = new RtpReceptionStatistics(90000);
        stats.OnPacket(1, 1, 0, TimeSpan.Zero);
        Assert.Equal((0u, 0u), (stats.CreateReportBlock(TimeSpan.FromSeconds(1)).Lsr, stats.CreateReportBlock(TimeSpan.FromSeconds(1)).Dlsr));
        stats.OnSenderReport(0x0000_1111_2222_0000, TimeSpan.FromSeconds(2));
        var block = stats.CreateReportBlock(TimeSpan.FromSeconds(3.5));
        Assert.Equal(0x11112222u, block.Lsr);
        Assert.Equal((uint)(1.5 * 65536), block.Dlsr);
    }

    [Fact]
    public void Random_rtcp_never_throws()
    {
        var random = new Random(201);
        var valid = new byte[RtcpReceiverReport.MaxLength];
        var validLength = RtcpReceiverReport.Write(valid, 1, [new RtcpReportBlock(2, 0, 0, 0, 0, 0, 0)], "x");
        for (var i = 0; i < 20000; i++)
        {
            byte[] data;
            if (i % 2 == 0)
            {
                data = valid[..random.Next(validLength + 1)];
                if (data.Length > 0)
                {
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                }
            }
            else
            {
                data = new byte[random.Next(200)];
                random.NextBytes(data);
            }

            var reader = new RtcpCompoundReader(data);
            while (reader.MoveNext())
            {
                _ = RtcpSenderReport.TryParse(reader.Packet, out _);
                _ = RtcpReceiverReport.TryParse(reader.Packet, out _, out _);
            }
        }
    }
}
