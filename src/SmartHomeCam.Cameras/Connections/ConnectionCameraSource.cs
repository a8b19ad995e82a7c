using System.Runtime.CompilerServices;
using SmartHomeCam.Media;

namespace SmartHomeCam.Cameras.Connections;

/// <summary>
/// Opens a connection camera's real source only when the session opens it, because loading and decrypting the
/// connection is asynchronous while <see cref="ICameraCatalog.OpenSource"/> is not.
/// </summary>
internal sealed class ConnectionCameraSource(
    ProviderConnectionStore store, IConnectableCameraProvider provider, string userId, Guid connectionId, string cameraId) : ICameraSource
{
    private ICameraSource? inner;

    public async ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
    {
        if (inner is null)
        {
            var connection = await store.GetAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
            inner = provider.CreateSource(connection, cameraId);
        }

        return await inner.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (inner is null)
        {
            throw new InvalidOperationException("OpenAsync must be called before ReadAsync.");
        }

        await foreach (var frame in inner.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return frame;
        }
    }

    public ValueTask DisposeAsync() => inner?.DisposeAsync() ?? ValueTask.CompletedTask;
}
