using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace SmartHomeCam.WebRtc.Dtls;

/// <summary>
/// DTLS's view of the ICE path: records the mux routed to this peer come in through a bounded queue, records
/// go out to the selected remote address. BouncyCastle's DTLS is blocking, so it runs on its own thread.
/// </summary>
internal sealed class IceDatagramTransport(Action<ReadOnlySpan<byte>> send) : DatagramTransport, IDisposable
{
    private const int Mtu = 1200;
    private readonly BlockingCollection<byte[]> inbox = new(boundedCapacity: 64);
    private volatile bool closed;

    public void Deliver(ReadOnlySpan<byte> record)
    {
        if (!closed)
        {
            inbox.TryAdd(record.ToArray());
        }
    }

    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => Mtu - 28; // IPv4 + UDP headers

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        ObjectDisposedException.ThrowIf(closed, this);

        try
        {
            if (!inbox.TryTake(out var record, waitMillis))
            {
                return -1;
            }

            var length = Math.Min(record.Length, buffer.Length);
            record.AsSpan(0, length).CopyTo(buffer);
            return length;
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (!closed)
        {
            send(buffer);
        }
    }

    public void Close()
    {
        closed = true;
        inbox.CompleteAdding();
    }

    public void Dispose()
    {
        Close();
        inbox.Dispose();
    }
}
