using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>One client connection: reads requests (and interleaved RTCP), answers them, and carries interleaved RTP.</summary>
internal sealed class FakeRtspConnection(FakeRtspServer server, Socket socket, Stream stream)
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReaderGrace = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly byte[] _frameHeader = new byte[4];
    private volatile bool _closed;

    public IPAddress RemoteAddress { get; } = ((IPEndPoint)socket.RemoteEndPoint!).Address;

    public IPAddress LocalAddress { get; } = ((IPEndPoint)socket.LocalEndPoint!).Address;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = new RtspMessageReader(stream);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var message = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (message is null)
                {
                    break;
                }

                if (message is RtspInterleaved frame)
                {
                    server.OnInterleaved(this, frame);
                    continue;
                }

                var request = (RtspRequest)message;
                var response = new FakeRtspRequestHandler(server, this).Handle(request);
                await WriteResponseAsync(request, response, cancellationToken).ConfigureAwait(false);
                response.After?.Invoke();
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // A broken or hostile client only loses its own connection.
        }
        finally
        {
            Abort();
            server.ConnectionClosed(this);
        }
    }

    /// <summary>Sends one interleaved frame; false once the connection is gone or the client stopped reading.</summary>
    public async ValueTask<bool> WriteInterleavedAsync(int channel, ReadOnlyMemory<byte> packet)
    {
        if (_closed)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(WriteTimeout);
        try
        {
            await _write.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            _frameHeader[0] = (byte)'$';
            _frameHeader[1] = (byte)channel;
            BinaryPrimitives.WriteUInt16BigEndian(_frameHeader.AsSpan(2), (ushort)packet.Length);
            await stream.WriteAsync(_frameHeader, timeout.Token).ConfigureAwait(false);
            await stream.WriteAsync(packet, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            StopSending();
            return false;
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>
    /// The client stopped taking media: stop writing, but let the reader drain what the client already sent (a
    /// TEARDOWN racing the close must still count as one); a client that neither reads nor closes is cut after a grace.
    /// </summary>
    private void StopSending()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        _ = Task.Delay(ReaderGrace).ContinueWith(_ => Abort(), TaskScheduler.Default);
    }

    public void Abort()
    {
        _closed = true;
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    private async Task WriteResponseAsync(RtspRequest request, FakeRtspResponse response, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"RTSP/1.0 {response.Status} {FakeRtspResponse.Reason(response.Status)}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"CSeq: {request.CSeq}\r\n");
        text.Append("Server: SmartHomeCam-FakeRtsp\r\n");
        foreach (var (name, value) in response.Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        var body = Encoding.UTF8.GetBytes(response.Body ?? string.Empty);
        text.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        var head = Encoding.UTF8.GetBytes(text.ToString());
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(head, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _write.Release();
        }
    }
}
