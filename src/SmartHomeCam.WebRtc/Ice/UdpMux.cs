using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>
/// One UDP socket for every WebRTC peer. We are an ICE-lite agent (RFC 8445 §2.5): a server with fixed host
/// candidates never needs to probe, so we only answer the controlling peer's checks. A check is routed by the
/// local half of its USERNAME; once its MESSAGE-INTEGRITY holds, its source address is bound to that peer and
/// DTLS / SRTP packets from it are demultiplexed by first byte (RFC 7983). Unknown senders are ignored.
/// </summary>
public sealed class UdpMux : IIceMux, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, IPacketReceiver> byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SocketAddress, UdpPath> byAddress = new();
    private readonly ILogger logger;
    private readonly Socket socket;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private readonly Func<string, IPacketReceiver?> lookup;
    private int disposed;
    private bool segmentation = UdpSegmentation.Possible;
    private long segmentedSends;

    public UdpMux(UdpMuxOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.logger = logger;
        lookup = byUfrag.GetValueOrDefault;
        socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(options.ListenAddress, options.Port));
        socket.ReceiveBufferSize = 1024 * 1024;
        socket.SendBufferSize = 4 * 1024 * 1024;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        Candidates = HostCandidates.Gather(options.ListenAddress, options.PublicAddresses, Port);
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
        foreach (var (address, path) in byAddress)
        {
            if (path.Receiver == receiver)
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

    /// <summary>Whether runs of datagrams leave in one segmented send (Linux UDP GSO); off after the first sign the kernel or device cannot.</summary>
    internal bool SegmentationEnabled
    {
        get => Volatile.Read(ref segmentation);
        set => Volatile.Write(ref segmentation, value && UdpSegmentation.Possible);
    }

    /// <summary>Segmented sends made (tests and diagnostics).</summary>
    internal long SegmentedSends => Interlocked.Read(ref segmentedSends);

    /// <summary>
    /// Sends the batch's datagrams to <paramref name="to"/>: in one segmented send when there is more than one and the
    /// kernel can, else one by one; failures drop datagrams, never throw. The batch is left as it was (the caller skips it).
    /// </summary>
    public void SendBatch(PacketBatch batch, SocketAddress to)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(to);
        if (batch.Count > 1 && SegmentationEnabled)
        {
            try
            {
                switch (UdpSegmentation.Send(socket.SafeHandle, batch, to, out var error))
                {
                    case UdpSegmentation.Result.Sent:
                        Interlocked.Increment(ref segmentedSends);
                        return;
                    case UdpSegmentation.Result.Failed:
                        logger.LogDebug("WebRTC segmented send failed: errno {Error}", error);
                        return;
                    case UdpSegmentation.Result.Unsupported:
                        logger.LogInformation("UDP segmentation offload is not available here (errno {Error}); sending datagrams one by one.", error);
                        SegmentationEnabled = false;
                        break;
                }
            }
            catch (ObjectDisposedException)
            {
                return; // shutting down
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                logger.LogInformation("UDP segmentation offload is not available here ({Reason}); sending datagrams one by one.", e.Message);
                SegmentationEnabled = false;
            }
        }

        var pending = batch.Pending;
        for (var at = 0; at < pending.Length; at += batch.SegmentSize)
        {
            Send(pending.Slice(at, Math.Min(batch.SegmentSize, pending.Length - at)), to);
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

        if (!byAddress.TryGetValue(from, out var path))
        {
            return;
        }

        var peer = path.Receiver;
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
        Span<byte> response = stackalloc byte[IceBindingCheck.ResponseCapacity];
        var endPoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(from);
        if (IceBindingCheck.Check(packet, lookup, endPoint, response, out var peer, out var useCandidate, out var length) != IceBindingCheck.Outcome.Accepted)
        {
            return;
        }

        if (!byAddress.TryGetValue(from, out var path) || path.Receiver != peer)
        {
            var address = new SocketAddress(from.Family, from.Size);
            from.Buffer.Span.CopyTo(address.Buffer.Span);
            path = new UdpPath(this, address, peer!);
            byAddress[address] = path;
        }

        Send(response[..length], path.Address);
        peer!.OnBindingRequest(path, useCandidate);
    }

    internal static string Describe(SocketAddress address) => new IPEndPoint(IPAddress.Any, 0).Create(address).ToString() ?? "";

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
