using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SmartHomeCam.Testing;
using SmartHomeCam.WebRtc.Ice;
using SmartHomeCam.WebRtc.Stun;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>The ICE-TCP mux over real loopback sockets: routing by the first check, demultiplexing, and closing bad connections only.</summary>
public sealed class TcpMuxTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly RecordingReceiver peer = new("0123456789abcdef0123456789abcdef");
    private TcpMux mux = null!;

    public Task InitializeAsync()
    {
        mux = new TcpMux(
            new TcpMuxOptions { ListenAddress = IPAddress.Loopback, FirstCheckTimeout = TimeSpan.FromMilliseconds(700), MaxFrameLength = 1500 },
            NullLogger.Instance);
        mux.Register("peerufrag", peer);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await mux.DisposeAsync();

    [Fact]
    public async Task A_valid_first_check_binds_the_connection_and_is_answered_with_integrity_and_the_mapped_address()
    {
        using var client = await IceTcpClient.ConnectAsync(mux.Port);
        await client.SendFrameAsync(IceTcpClient.Check("peerufrag", "0123456789abcdef0123456789abcdef", useCandidate: true));

        var response = await client.ReadFrameAsync(Wait);
        Assert.NotNull(response);
        Assert.True(StunMessage.TryParse(response, out var message));
        Assert.Equal(StunConstants.BindingSuccess, message.Type);
        Assert.True(message.VerifyIntegrity(Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef")));
        Assert.True(message.VerifyFingerprint());
        Assert.Equal(client.Socket.LocalEndPoint, message.XorMappedAddress);

        await Poll.UntilAsync(() => !peer.Checks.IsEmpty, Wait, "the check delivered to the peer");
        Assert.True(peer.Checks.TryPeek(out var check));
        Assert.True(check.UseCandidate);
        Assert.StartsWith("tcp 127.0.0.1:", check.Path.Description, StringComparison.Ordinal);

        // Packets the peer sends on the path arrive framed; DTLS and SRTP from the display reach the peer.
        check.Path.Send([22, 254, 253, 9]);
        Assert.Equal([22, 254, 253, 9], await client.ReadFrameAsync(Wait));
        await client.SendFrameAsync([22, 254, 253, 0, 1]);
        await client.SendFrameAsync([0x80, 0xC8, 0, 1, 2, 3, 4, 5]);
        await Poll.UntilAsync(() => peer.Dtls.Count == 1 && peer.Srtp.Count == 1, Wait, "DTLS and SRTP routed to the peer");
        Assert.Equal([22, 254, 253, 0, 1], peer.Dtls.Single());

        // A consent check later on the same connection is answered too (RFC 7675 over TCP).
        await client.SendFrameAsync(IceTcpClient.Check("peerufrag", "0123456789abcdef0123456789abcdef"));
        Assert.NotNull(await client.ReadFrameAsync(Wait));
        await Poll.UntilAsync(() => peer.Checks.Count == 2, Wait, "the consent check delivered");
    }

    [Theory]
    [InlineData("unknown peer")]
    [InlineData("wrong password")]
    [InlineData("DTLS first")]
    [InlineData("oversize")]
    public async Task A_connection_that_does_not_open_with_a_valid_check_is_closed(string opening)
    {
        using var client = await IceTcpClient.ConnectAsync(mux.Port);
        switch (opening)
        {
            case "unknown peer":
                await client.SendFrameAsync(IceTcpClient.Check("someoneelse", "0123456789abcdef0123456789abcdef"));
                break;
            case "wrong password":
                await client.SendFrameAsync(IceTcpClient.Check("peerufrag", "not-the-password-not-the-password"));
                break;
            case "DTLS first":
                await client.SendFrameAsync([22, 254, 253, 0, 1]);
                break;
            default:
                await client.SendRawAsync([0x05, 0xDD, 0, 1, 2, 3]);
                break;
        }

        Assert.True(await client.ClosedByPeerAsync(Wait), "closed");
        await Poll.UntilAsync(() => mux.ConnectionCount == 0, Wait, "no connection left");
        Assert.Empty(peer.Checks);
        Assert.Empty(peer.Dtls);
    }

    [Fact]
    public async Task A_silent_connection_is_closed_after_the_first_check_timeout()
    {
        using var client = await IceTcpClient.ConnectAsync(mux.Port);
        await client.SendRawAsync([0x00]); // half a header, then nothing
        Assert.True(await client.ClosedByPeerAsync(Wait), "closed");
        await Poll.UntilAsync(() => mux.ConnectionCount == 0, Wait, "no connection left");
    }

    [Fact]
    public async Task Garbage_on_one_bound_connection_closes_it_and_tells_the_peer_while_another_keeps_working()
    {
        using var bad = await IceTcpClient.ConnectAsync(mux.Port);
        using var good = await IceTcpClient.ConnectAsync(mux.Port);
        foreach (var client in new[] { bad, good })
        {
            await client.SendFrameAsync(IceTcpClient.Check("peerufrag", "0123456789abcdef0123456789abcdef"));
            Assert.NotNull(await client.ReadFrameAsync(Wait));
        }

        await bad.SendFrameAsync([0xFF, 1, 2, 3]); // first byte in no RFC 7983 range
        Assert.True(await bad.ClosedByPeerAsync(Wait), "the bad connection closed");
        await Poll.UntilAsync(() => peer.ClosedPaths.Count == 1 && mux.ConnectionCount == 1, Wait, "the peer told, one connection left");

        await good.SendFrameAsync([0x80, 0xC8, 0, 1, 2, 3, 4, 5]);
        await Poll.UntilAsync(() => peer.Srtp.Count == 1, Wait, "the other connection still routes");
    }

    [Fact]
    public async Task A_check_for_another_peer_on_a_bound_connection_closes_it()
    {
        var other = new RecordingReceiver("fedcba9876543210fedcba9876543210");
        mux.Register("otherufrag", other);
        using var client = await IceTcpClient.ConnectAsync(mux.Port);
        await client.SendFrameAsync(IceTcpClient.Check("peerufrag", "0123456789abcdef0123456789abcdef"));
        Assert.NotNull(await client.ReadFrameAsync(Wait));
        await client.SendFrameAsync(IceTcpClient.Check("otherufrag", "fedcba9876543210fedcba9876543210"));
        Assert.True(await client.ClosedByPeerAsync(Wait), "closed");
        Assert.Empty(other.Checks);
    }

    [Fact]
    public async Task Unregistering_the_peer_closes_its_connections_and_refuses_new_ones()
    {
        using var client = await IceTcpClient.ConnectAsync(mux.Port);
        await client.SendFrameAsync(IceTcpClient.Check("peerufrag", "0123456789abcdef0123456789abcdef"));
        Assert.NotNull(await client.ReadFrameAsync(Wait));

        mux.Unregister("peerufrag", peer);
        Assert.True(await client.ClosedByPeerAsync(Wait), "closed");
        await Poll.UntilAsync(() => mux.ConnectionCount == 0 && mux.RegisteredPeers == 0, Wait, "no state left");

        using var late = await IceTcpClient.ConnectAsync(mux.Port);
        await late.SendFrameAsync(IceTcpClient.Check("peerufrag", "0123456789abcdef0123456789abcdef"));
        Assert.True(await late.ClosedByPeerAsync(Wait), "a check for a gone peer is refused");
    }

    [Fact]
    public async Task Random_bytes_at_the_port_close_every_connection_and_leave_the_mux_working()
    {
        var random = new Random(6544);
        var clients = new List<IceTcpClient>();
        try
        {
            for (var i = 0; i < 60; i++)
            {
                var client = await IceTcpClient.ConnectAsync(mux.Port);
                clients.Add(client);
                var bytes = new byte[random.Next(1, 3000)];
                random.NextBytes(bytes);
                if (i % 3 == 0)
                {
                    // A plausible frame header with a STUN-looking body that is still garbage.
                    bytes[0] = 0;
                    bytes[1] = (byte)random.Next(20, 200);
                    bytes[2] = 0;
                    bytes[3] = 1;
                }

                try
                {
                    await client.SendRawAsync(bytes);
                }
                catch (IOException)
                {
                    // already closed by the mux (it stops reading at the first bad frame)
                }
            }

            foreach (var client in clients)
            {
                Assert.True(await client.ClosedByPeerAsync(Wait), "every random connection is closed");
            }

            await Poll.UntilAsync(() => mux.ConnectionCount == 0, Wait, "no connection state left");
            Assert.Empty(peer.Checks);
            Assert.Empty(peer.Dtls);
            Assert.Empty(peer.Srtp);

            using var real = await IceTcpClient.ConnectAsync(mux.Port);
            await real.SendFrameAsync(IceTcpClient.Check("peerufrag", "0123456789abcdef0123456789abcdef"));
            Assert.NotNull(await real.ReadFrameAsync(Wait));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Connections_beyond_the_pending_cap_are_closed_at_accept()
    {
        await using var small = new TcpMux(
            new TcpMuxOptions { ListenAddress = IPAddress.Loopback, FirstCheckTimeout = TimeSpan.FromSeconds(30), MaxPendingConnections = 2 },
            NullLogger.Instance);
        using var a = await IceTcpClient.ConnectAsync(small.Port);
        using var b = await IceTcpClient.ConnectAsync(small.Port);
        await Poll.UntilAsync(() => small.ConnectionCount == 2, Wait, "two pending connections");
        using var c = await IceTcpClient.ConnectAsync(small.Port);
        Assert.True(await c.ClosedByPeerAsync(Wait), "the third is closed at once");
        Assert.Equal(2, small.ConnectionCount);
    }
}
