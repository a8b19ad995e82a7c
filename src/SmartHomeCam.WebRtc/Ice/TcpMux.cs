using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>
/// The ICE-TCP port (RFC 6544), a fallback for homes whose UDP port cannot be forwarded: we offer passive host
/// candidates, the display connects (tcptype active) and every packet is RFC 4571-framed. A connection belongs to
/// the peer named by the USERNAME of its first frame, which must be a binding request passing that peer's
/// MESSAGE-INTEGRITY within <see cref="TcpMuxOptions.FirstCheckTimeout"/>, exactly as the UDP mux routes addresses.
/// Afterwards frames are demultiplexed by first byte (RFC 7983). Anything else — silence, an oversize frame,
/// garbage, a check for another peer — closes that connection only.
/// </summary>
public sealed class TcpMux : IIceMux, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, IPacketReceiver> byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IceTcpConnection, bool> connections = new();
    private readonly TcpMuxOptions options;
    private readonly ILogger logger;
    private readonly Socket listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly Func<string, IPacketReceiver?> lookup;
    private readonly Task loop;
    private int pending;
    private int disposed;

    public TcpMux(TcpMuxOptions options, ILogger logger)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.logger = logger;
        lookup = byUfrag.GetValueOrDefault;
        listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(options.ListenAddress, options.Port));
            listener.Listen(64);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Candidates = HostCandidates.Gather(options.ListenAddress, options.PublicAddresses, Port);
        loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>Passive host candidates announced in every answer, in the UDP mux's order.</summary>
    public IReadOnlyList<IPEndPoint> Candidates { get; }

    public int RegisteredPeers => byUfrag.Count;

    /// <summary>Open connections, bound or still waiting for their first check.</summary>
    public int ConnectionCount => connections.Count;

    public void Register(string localUfrag, IPacketReceiver receiver) => byUfrag[localUfrag] = receiver;

    public void Unregister(string localUfrag, IPacketReceiver receiver)
    {
        byUfrag.TryRemove(new KeyValuePair<string, IPacketReceiver>(localUfrag, receiver));
        foreach (var connection in connections.Keys)
        {
            if (connection.Receiver == receiver)
            {
                connection.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var connection in connections.Keys)
        {
            connection.Close();
        }

        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException)
            {
                continue; // a connection reset before we accepted it
            }

            if (connections.Count >= options.MaxConnections || Volatile.Read(ref pending) >= options.MaxPendingConnections)
            {
                logger.LogDebug("ICE-TCP connection refused: {Connections} open, {Pending} without a check.", connections.Count, Volatile.Read(ref pending));
                socket.Dispose();
                continue;
            }

            IceTcpConnection connection;
            try
            {
                socket.NoDelay = true; // every frame is a whole packet; Nagle would only add delay
                socket.SendTimeout = (int)options.SendTimeout.TotalMilliseconds;
                connection = new IceTcpConnection(socket, options.MaxFrameLength);
            }
            catch (SocketException)
            {
                socket.Dispose();
                continue;
            }

            Interlocked.Increment(ref pending);
            connections[connection] = true;
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(IceTcpConnection connection)
    {
        var buffer = new byte[options.MaxFrameLength];
        var response = new byte[IceBindingCheck.ResponseCapacity];
        var bound = false;
        var reason = "closed by the peer";
        try
        {
            using (var first = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token))
            {
                first.CancelAfter(options.FirstCheckTimeout);
                var length = await Rfc4571Framing.ReadFrameAsync(connection.Stream, buffer, options.MaxFrameLength, first.Token).ConfigureAwait(false);
                if (length < 0 || !Bind(connection, buffer.AsSpan(0, length), response))
                {
                    reason = "the first frame was not a valid check for a known peer";
                    return;
                }
            }

            bound = true;
            Interlocked.Decrement(ref pending);
            while (true)
            {
                var length = await Rfc4571Framing.ReadFrameAsync(connection.Stream, buffer, options.MaxFrameLength, stopping.Token).ConfigureAwait(false);
                if (length < 0)
                {
                    break;
                }

                if (!Dispatch(connection, buffer.AsSpan(0, length), response))
                {
                    reason = "an unexpected frame";
                    break;
                }
            }
        }
        catch (InvalidDataException e)
        {
            reason = e.Message;
        }
        catch (OperationCanceledException)
        {
            reason = stopping.IsCancellationRequested ? "shutting down" : "no valid check in time";
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            reason = "connection lost";
        }
        finally
        {
            if (!bound)
            {
                Interlocked.Decrement(ref pending);
            }

            connections.TryRemove(connection, out _);
            connection.Close();
            logger.LogDebug("ICE-TCP connection {Remote} closed: {Reason}.", connection.Remote, reason);
            if (connection.Receiver is { } peer)
            {
                peer.OnPathClosed(connection);
            }
        }
    }

    /// <summary>The first frame: a check that routes the connection to its peer, or the connection is dropped.</summary>
    private bool Bind(IceTcpConnection connection, ReadOnlySpan<byte> frame, byte[] response)
    {
        if (IceBindingCheck.Check(frame, lookup, connection.Remote, response, out var peer, out var useCandidate, out var length) != IceBindingCheck.Outcome.Accepted)
        {
            return false;
        }

        connection.Receiver = peer;
        connection.Send(response.AsSpan(0, length));
        peer!.OnBindingRequest(connection, useCandidate);
        return true;
    }

    /// <summary>A frame on a bound connection; false closes the connection.</summary>
    private bool Dispatch(IceTcpConnection connection, Span<byte> frame, byte[] response)
    {
        if (frame.IsEmpty)
        {
            return true;
        }

        var peer = connection.Receiver!;
        var first = frame[0];
        try
        {
            if (first < 4)
            {
                var outcome = IceBindingCheck.Check(frame, lookup, connection.Remote, response, out var checkedPeer, out var useCandidate, out var length);
                if (outcome == IceBindingCheck.Outcome.NotARequest)
                {
                    return true;
                }

                if (outcome != IceBindingCheck.Outcome.Accepted || checkedPeer != peer)
                {
                    return false; // a bad check, or one for another peer: this connection is not trustworthy
                }

                connection.Send(response.AsSpan(0, length));
                peer.OnBindingRequest(connection, useCandidate); // consent freshness (RFC 7675) over TCP
            }
            else if (first is >= 20 and <= 63)
            {
                peer.OnDtls(frame);
            }
            else if (first is >= 128 and <= 191)
            {
                peer.OnSrtp(frame);
            }
            else
            {
                return false;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A malformed packet drops that packet, never the connection (the framing is intact).
            logger.LogDebug("Dropped an ICE-TCP packet: {Reason}", e.Message);
        }

        return true;
    }
}
