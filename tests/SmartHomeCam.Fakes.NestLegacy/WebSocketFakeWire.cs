using System.Net.WebSockets;

namespace SmartHomeCam.Fakes.NestLegacy;

internal sealed class WebSocketFakeWire(WebSocket socket) : IFakeWire
{
    public async Task WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) =>
        await socket.SendAsync(chunk, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        return result.MessageType == WebSocketMessageType.Close ? 0 : result.Count;
    }

    public Task CloseAsync()
    {
        socket.Abort();
        return Task.CompletedTask;
    }
}
