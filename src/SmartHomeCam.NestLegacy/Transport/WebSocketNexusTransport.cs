using System.Net.Security;
using System.Net.WebSockets;

namespace SmartHomeCam.NestLegacy.Transport;

/// <summary>The packet stream over binary WebSocket messages; message boundaries mean nothing (spec §3).</summary>
internal sealed class WebSocketNexusTransport(ClientWebSocket socket) : INexusTransport
{
    public static async Task<INexusTransport> ConnectAsync(Uri uri, RemoteCertificateValidationCallback validate, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.RemoteCertificateValidationCallback = validate;
            socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(5); // foggycam's WebSocket ping period (spec §5)
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            return new WebSocketNexusTransport(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken) =>
        socket.SendAsync(packet, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return 0;
            }

            if (result.Count > 0 || buffer.IsEmpty)
            {
                return result.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                // Closing is a courtesy; the socket goes away either way.
            }
        }

        socket.Dispose();
    }
}
