using SmartHomeCam.Media;

namespace SmartHomeCam.Cameras;

/// <summary>
/// A live H.264 source. <see cref="ReadAsync"/> connects, then yields access units until cancelled or the
/// camera goes away (then it throws <see cref="CameraSourceException"/>). Disposing always releases the
/// camera (Nest STOP_PLAYBACK, RTSP TEARDOWN) so a battery camera is never left streaming.
/// </summary>
public interface ICameraSource : IAsyncDisposable
{
    IAsyncEnumerable<MediaFrame> ReadAsync(CancellationToken cancellationToken);
}
