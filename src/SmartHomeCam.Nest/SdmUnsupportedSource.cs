using SmartHomeCam.Cameras;
using SmartHomeCam.Media;

namespace SmartHomeCam.Nest;

/// <summary>A camera we list but cannot stream (yet): opening it fails with a message the owner can act on.</summary>
internal sealed class SdmUnsupportedSource(string reason) : ICameraSource
{
    public ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken) => throw new CameraSourceException(reason);

    public IAsyncEnumerable<MediaFrame> ReadAsync(CancellationToken cancellationToken) => throw new CameraSourceException(reason);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
