using System.Net.Security;

namespace SmartHomeCam.Fakes.NestLegacy;

internal sealed class TlsFakeWire(SslStream stream) : IFakeWire
{
    public async Task WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) => stream.ReadAsync(buffer, cancellationToken);

    public async Task CloseAsync() => await stream.DisposeAsync().ConfigureAwait(false);
}
