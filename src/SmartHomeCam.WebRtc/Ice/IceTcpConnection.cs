using System.Net;
using System.Net.Sockets;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>
/// One accepted ICE-TCP connection (RFC 6544 passive side) and, once its first check passed, the path of the peer
/// it belongs to. Sends are framed (RFC 4571) into one buffer under a lock, so the send loop, the DTLS thread and
/// the mux's STUN responses never interleave bytes; a send that fails or stalls closes the connection.
/// </summary>
public sealed class IceTcpConnection : IPacketPath
{
    private readonly Socket socket;
    private readonly Lock sendLock = new();
    private readonly byte[] sendBuffer;
    private IPacketReceiver? receiver;
    private int closed;

    internal IceTcpConnection(Socket socket, int maxFrameLength)
    {
        this.socket = socket;
        sendBuffer = new byte[Rfc4571Framing.HeaderLength + maxFrameLength];
        Remote = (IPEndPoint)socket.RemoteEndPoint!;
        Description = "tcp " + Remote;
        Stream = new NetworkStream(socket, ownsSocket: false);
    }

    public IPEndPoint Remote { get; }

    public string Description { get; }

    public bool IsClosed => Volatile.Read(ref closed) == 1;

    /// <summary>The peer the first check bound this connection to; null before.</summary>
    internal IPacketReceiver? Receiver
    {
        get => Volatile.Read(ref receiver);
        set => Volatile.Write(ref receiver, value);
    }

    internal NetworkStream Stream { get; }

    public void Send(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > sendBuffer.Length - Rfc4571Framing.HeaderLength)
        {
            return; // never larger than what we accept; our packets are ≤ 1300 bytes
        }

        lock (sendLock)
        {
            if (IsClosed)
            {
                return;
            }

            var length = Rfc4571Framing.Write(packet, sendBuffer);
            try
            {
                if (socket.Send(sendBuffer, 0, length, SocketFlags.None) != length)
                {
                    Close(); // a partial frame (send timeout) leaves the stream unframed
                }
            }
            catch (SocketException)
            {
                Close();
            }
            catch (ObjectDisposedException)
            {
                // closed meanwhile
            }
        }
    }

    /// <summary>Closes the connection (idempotent); the mux's reader then ends and tells the peer.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref closed, 1) == 1)
        {
            return;
        }

        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // already reset by the other side
        }
        catch (ObjectDisposedException)
        {
        }

        Stream.Dispose();
        socket.Dispose();
    }

    public override string ToString() => Description;
}
