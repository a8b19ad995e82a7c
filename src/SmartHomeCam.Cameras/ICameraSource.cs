using SmartHomeCam.Media;

namespace SmartHomeCam.Cameras;

/// <summary>
/// A live camera source. <see cref="OpenAsync"/> connects and states the tracks (H.264 video, optional AAC
/// audio) before any media flows; <see cref="ReadAsync"/> then yields their frames, interleaved with rising
/// timestamps, until cancelled or the camera goes away (then it throws <see cref="CameraSourceException"/>,
/// as <see cref="OpenAsync"/> does when the camera cannot be reached). Disposing always releases the camera
/// (Nest STOP_PLAYBACK, RTSP TEARDOWN) so a battery camera is never left streaming.
/// </summary>
public interface ICameraSource : IAsyncDisposable
{
    /// <summary>Connects; called once, before <see cref="ReadAsync"/>.</summary>
    ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Frames of the tracks <see cref="OpenAsync"/> declared; audio frames are whole ADTS frames.</summary>
    IAsyncEnumerable<MediaFrame> ReadAsync(CancellationToken cancellationToken);
}
