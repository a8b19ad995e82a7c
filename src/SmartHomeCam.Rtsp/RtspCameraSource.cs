using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SmartHomeCam.Cameras;
using SmartHomeCam.Media;

namespace SmartHomeCam.Rtsp;

/// <summary>
/// An RTSP (or RTSPS) camera as a capture source: OPTIONS, DESCRIBE, SETUP, PLAY, keep-alive and RTCP receiver
/// reports while it plays, TEARDOWN on dispose. <see cref="ICameraSource.OpenAsync"/> throws
/// <see cref="CameraSourceException"/> (inner <see cref="RtspStatusException"/> for an error status).
/// </summary>
public sealed class RtspCameraSource(RtspSourceOptions options, ILogger<RtspCameraSource>? logger = null, TimeProvider? time = null)
    : ICameraSource
{
    private readonly ILogger _logger = logger ?? NullLogger<RtspCameraSource>.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public RtspSourceOptions Options { get; } = options;

    public ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("The RTSP client is being written (issue 8).");

    public IAsyncEnumerable<MediaFrame> ReadAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("The RTSP client is being written (issue 8).");

    public ValueTask DisposeAsync()
    {
        _ = _logger;
        _ = _time;
        return ValueTask.CompletedTask;
    }
}
