using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using SmartHomeCam.WebRtc.Stun;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>
/// One UDP socket for every WebRTC peer. We are an ICE-lite agent (RFC 8445 §2.5): a server with fixed host
/// candidates never needs to probe, so we only answer the controlling peer's checks. A check is routed by the
/// local half of its USERNAME; once its MESSAGE-INTEGRITY holds, its source address is bound to that peer and
/// DTLS / SRTP packets from it are demultiplexed by first byte (RFC 7983). Unknown senders are ignored.
/// </summary>
public sealed class UdpMux : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, IPacketReceiver> byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SocketAddress, IPacketReceiver> byAddress = new();
    private readonly ILogger logger;
    private readonly Socket socket;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private int disposed;

    public UdpMux(UdpMuxOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.logger = logger;
        socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(options.ListenAddress, options.Port));
        socket.ReceiveBufferSize = 1024 * 1024;
        socket.SendBufferSize = 4 * 1024 * 1024;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        Candidates = Gather(options, Port);
        loop = Task.Factory.StartNew(ReceiveLoopAsync, TaskCreationOptions.LongRunning).Unwrap();
    }

    public int Port { get; }

    /// <summary>Host candidates announced in every answer: the bound interface(s), then the configured public addresses.</summary>
    public IReadOnlyList<IPEndPoint> Candidates { get; }

    public void Register(string localUfrag, IPacketReceiver receiver) => byUfrag[localUfrag] = receiver;

    /// <summary>Forgets the peer: its username and every address bound to it.</summary>
    public void Unregister(string localUfrag, IPacketReceiver receiver)
    {
        byUfrag.TryRemove(new KeyValuePair<string, IPacketReceiver>(localUfrag, receiver));
        foreach (var (address, owner) in byAddress)
        {
            if (owner == receiver)
            {
                byAddress.TryRemove(address, out _);
            }
        }
    }

    public int RegisteredPeers => byUfrag.Count;

    public void Send(ReadOnlySpan<byte> packet, SocketAddress to)
    {
        try
        {
            socket.SendTo(packet, SocketFlags.None, to);
        }
        catch (SocketException e)
        {
            logger.LogDebug("WebRTC send failed: {Error}", e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // shutting down
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        socket.Dispose();
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[2048];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        while (!stopping.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable from a peer that went away, and the like
            }

            try
            {
                Dispatch(buffer.AsSpan(0, length), from);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A malformed packet drops that packet, never the port.
                logger.LogDebug("Dropped a WebRTC packet: {Reason}", e.Message);
            }
        }
    }

    private void Dispatch(Span<byte> packet, SocketAddress from)
    {
        if (packet.IsEmpty)
        {
            return;
        }

        var first = packet[0];
        if (first < 4)
        {
            HandleStun(packet, from);
            return;
        }

        if (!byAddress.TryGetValue(from, out var peer))
        {
            return;
        }

        if (first is >= 20 and <= 63)
        {
            peer.OnDtls(packet);
        }
        else if (first is >= 128 and <= 191)
        {
            peer.OnSrtp(packet);
        }
    }

    private void HandleStun(ReadOnlySpan<byte> packet, SocketAddress from)
    {
        if (!StunMessage.TryParse(packet, out var message) || message.Type != StunConstants.BindingRequest)
        {
            return; // indications and responses: an ICE-lite agent sends no requests, so expects no responses
        }

        var username = message.Username;
        var colon = username?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || !byUfrag.TryGetValue(username![..colon], out var peer))
        {
            return;
        }

        if (!message.VerifyIntegrity(peer.LocalPassword) || (message.Has(StunConstants.Fingerprint) && !message.VerifyFingerprint()))
        {
            return; // RFC 8489 §9.1.3: a check failing integrity is discarded silently
        }

        var address = new SocketAddress(from.Family, from.Size);
        from.Buffer.Span.CopyTo(address.Buffer.Span);
        Span<byte> response = stackalloc byte[128];
        var writer = new StunWriter(response, StunConstants.BindingSuccess, message.TransactionId);
        writer.AddXorMappedAddress((IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address));
        writer.AddMessageIntegrity(peer.LocalPassword);
        writer.AddFingerprint();
        Send(writer.Written, address);

        byAddress[address] = peer;
        peer.OnBindingRequest(address, message.Has(StunConstants.UseCandidate));
    }

    private static List<IPEndPoint> Gather(UdpMuxOptions options, int port)
    {
        var addresses = new List<IPAddress>();
        if (!options.ListenAddress.Equals(IPAddress.Any))
        {
            addresses.Add(options.ListenAddress);
        }
        else
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus == OperationalStatus.Up))
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IsLinkLocal(unicast.Address))
                    {
                        addresses.Add(unicast.Address);
                    }
                }
            }

            // Loopback last: useful only to a peer on this host.
            addresses.Sort((a, b) => IPAddress.IsLoopback(a).CompareTo(IPAddress.IsLoopback(b)));
        }

        // Public addresses first: a display outside the LAN reaches only those.
        return [.. options.PublicAddresses.Concat(addresses).Distinct().Select(a => new IPEndPoint(a, port))];
    }

    private static bool IsLinkLocal(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes[0] == 169 && bytes[1] == 254;
    }

    internal static string Describe(SocketAddress address) => new IPEndPoint(IPAddress.Any, 0).Create(address).ToString() ?? "";

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
