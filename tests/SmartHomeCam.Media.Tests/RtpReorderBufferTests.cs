using SmartHomeCam.Media.Rtp;
using static SmartHomeCam.Media.Tests.RtpPacketsForTests;

namespace SmartHomeCam.Media.Tests;

/// <summary>The reordering window: order restored, gaps declared lost after the depth, wrap-around, duplicates.</summary>
public sealed class RtpReorderBufferTests
{
    private static List<(ushort Seq, int Lost)> Feed(RtpReorderBuffer buffer, params ushort[] sequence)
    {
        var output = new List<(ushort, int)>();
        foreach (var seq in sequence)
        {
            buffer.Push(Packet(seq, 0, false, [1, 2, 3]), seq);
            while (buffer.TryPop(out var packet, out var lost))
            {
                Assert.True(RtpPacket.TryParse(packet, out var parsed));
                output.Add((parsed.SequenceNumber, lost));
            }
        }

        return output;
    }

    [Fact]
    public void Swapped_packets_come_out_in_order()
    {
        using var buffer = new RtpReorderBuffer(depth: 4);
        var output = Feed(buffer, 10, 12, 11, 13);
        Assert.Equal([(10, 0), (11, 0), (12, 0), (13, 0)], output.Select(o => ((int)o.Seq, o.Lost)));
        Assert.Equal(0, buffer.Lost);
    }

    [Fact]
    public void A_gap_is_given_up_after_depth_packets_and_reported_with_the_next()
    {
        using var buffer = new RtpReorderBuffer(depth: 3);
        var output = Feed(buffer, 1, 3, 4, 5, 6);
        Assert.Equal([(1, 0), (3, 1), (4, 0), (5, 0), (6, 0)], output.Select(o => ((int)o.Seq, o.Lost)));
        Assert.Equal(1, buffer.Lost);
    }

    [Fact]
    public void Sequence_numbers_wrap_around()
    {
        using var buffer = new RtpReorderBuffer(depth: 4);
        var output = Feed(buffer, 65534, 0, 65535, 1);
        Assert.Equal([65534, 65535, 0, 1], output.Select(o => (int)o.Seq));
    }

    [Fact]
    public void Late_and_duplicate_packets_are_dropped()
    {
        using var buffer = new RtpReorderBuffer(depth: 1);
        var output = Feed(buffer, 5, 6, 6, 4, 7);
        Assert.Equal([5, 6, 7], output.Select(o => (int)o.Seq));
        Assert.Equal(2, buffer.LateOrDuplicate);
    }

    [Fact]
    public void A_jump_beyond_the_window_restarts_it_and_counts_the_loss()
    {
        using var buffer = new RtpReorderBuffer(depth: 8);
        var output = Feed(buffer, 100, 101, 1000, 1001);
        Assert.Equal([(100, 0), (101, 0), (1000, 898), (1001, 0)], output.Select(o => ((int)o.Seq, o.Lost)));
    }

    [Fact]
    public void Random_sequences_never_throw_and_everything_is_returned()
    {
        var random = new Random(3550);
        using var buffer = new RtpReorderBuffer(depth: 8);
        ushort seq = 60000;
        for (var i = 0; i < 50000; i++)
        {
            var s = (ushort)(seq + random.Next(-20, 40));
            seq++;
            var data = new byte[random.Next(1, 1500)];
            buffer.Push(data, s);
            while (buffer.TryPop(out _, out _))
            {
            }
        }
    }
}
