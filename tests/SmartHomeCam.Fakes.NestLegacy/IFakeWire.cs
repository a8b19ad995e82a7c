namespace SmartHomeCam.Fakes.NestLegacy;

/// <summary>The fake's side of one connection (TLS stream or WebSocket).</summary>
internal interface IFakeWire
{
    Task WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    /// <summary>0 when the client closed.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    Task CloseAsync();
}
