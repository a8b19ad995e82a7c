using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SmartHomeCam.WebRtc.Ice;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>
/// Batched sends on the shared UDP port: a run of equal-sized datagrams (the last may be shorter) leaves in one
/// segmented send (Linux UDP GSO) and arrives as the same datagrams, in order, as sending them one by one.
/// </summary>
public sealed class UdpSegmentationTests
{
    [Fact]
    public void A_batch_joins_equal_datagrams_and_a_shorter_last_one_and_nothing_else()
    {
        var batch = new PacketBatch();
        Assert.True(batch.CanJoin(1172));
        batch.Commit(1172);
        Assert.True(batch.CanJoin(1172));
        Assert.False(batch.CanJoin(1173)); // longer than the segment size
        batch.Commit(1172);
        batch.Commit(400); // shorter: the last one
        Assert.False(batch.CanJoin(400));
        Assert.False(batch.CanJoin(1172));
        Assert.Throws<InvalidOperationException>(() => batch.Commit(1172));
        Assert.Equal((3, 1172, 2744), (batch.Count, batch.SegmentSize, batch.Pending.Length));

        batch.Reset();
        for (var i = 0; i < PacketBatch.MaxSegments; i++)
        {
            batch.Commit(100);
        }

        Assert.False(batch.CanJoin(100));
        batch.Skip();
        Assert.True(batch.CanJoin(100));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Random_runs_arrive_as_the_same_datagrams_in_order(bool segmentation)
    {
        await using var mux = new UdpMux(new UdpMuxOptions { ListenAddress = IPAddress.Loopback }, NullLogger.Instance) { SegmentationEnabled = segmentation };
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        receiver.ReceiveBufferSize = 1024 * 1024;
        var to = ((IPEndPoint)receiver.LocalEndPoint!).Serialize();
        var random = new Random(segmentation ? 4 : 5);
        var batch = new PacketBatch(16 * 1024);
        var received = new byte[2048];
        var runs = 0;
        for (var round = 0; round < 60; round++)
        {
            // As a peer sends a frame: mostly full-sized fragments, sometimes a small STAP-A or a short last fragment.
            var sent = new List<byte[]>();
            batch.Reset();
            var count = random.Next(1, 30);
            for (var n = 0; n < count; n++)
            {
                var length = random.Next(4) == 0 ? random.Next(20, 1200) : 1172;
                var tail = batch.Tail(1200);
                if (tail.IsEmpty)
                {
                    mux.SendBatch(batch, to);
                    runs++;
                    batch.Reset();
                    tail = batch.Tail(1200);
                }

                var datagram = new byte[length];
                random.NextBytes(datagram);
                datagram.CopyTo(tail);
                if (!batch.CanJoin(length))
                {
                    mux.SendBatch(batch, to);
                    runs++;
                    batch.Skip();
                }

                batch.Commit(length);
                sent.Add(datagram);
            }

            mux.SendBatch(batch, to);
            runs++;
            foreach (var expected in sent)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var length = await receiver.ReceiveAsync(received, SocketFlags.None, timeout.Token);
                Assert.Equal(expected, received.AsSpan(0, length).ToArray());
            }
        }

        Assert.Equal(0, receiver.Available); // nothing more, nothing split differently
        if (segmentation && UdpSegmentation.Possible)
        {
            Assert.True(mux.SegmentationEnabled, "the kernel refused UDP_SEGMENT");
            Assert.InRange(mux.SegmentedSends, 1, runs);
        }
        else
        {
            Assert.Equal(0, mux.SegmentedSends);
        }
    }
}
