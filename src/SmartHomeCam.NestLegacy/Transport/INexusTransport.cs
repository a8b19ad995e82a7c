namespace SmartHomeCam.NestLegacy.Transport;

/// <summary>
/// A byte pipe to a nexustalk server. Framing is transport-independent (spec §3), so the session sees only
/// whole packets going out and arbitrary chunks coming in, whether over raw TLS or WebSocket.
/// </summary>
public interface INexusTransport : IAsyncDisposable
{
    /// <summary>Sends one whole packet (one WebSocket message on that transport). Not safe for concurrent calls.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken);

    /// <summary>Receives whatever bytes arrived next; 0 when the server closed the connection.</summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}
