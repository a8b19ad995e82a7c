using Microsoft.Extensions.Logging;
using SmartHomeCam.Media;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.WebRtc.Peers;

namespace SmartHomeCam.Streaming.WebRtc;

/// <summary>
/// Feeds one capture session's video into a <see cref="VideoBroadcaster"/> for its WebRTC viewers, so HLS and
/// WebRTC viewers share the one camera reader. Audio is not sent (AAC cannot go over WebRTC; README).
/// </summary>
public sealed class CameraBroadcast : IMediaFrameObserver, IDisposable
{
    private readonly ILogger logger;
    private readonly IDisposable subscription;

    public CameraBroadcast(CaptureSession session, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
        this.logger = logger;
        subscription = session.Observe(this);
    }

    public CaptureSession Session { get; }

    public VideoBroadcaster Video { get; } = new();

    public void OnTracks(MediaTracks tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (!tracks.Video.ParameterSets.IsEmpty)
        {
            Video.DeclareParameterSets(tracks.Video.ParameterSets.Span);
        }
    }

    public void OnFrame(in MediaFrame frame)
    {
        if (frame.Kind != MediaKind.Video)
        {
            return;
        }

        try
        {
            Video.Publish(frame.Data.Span, frame.Pts, frame.IsKeyframe);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One bad frame must not stop the camera's HLS output.
            logger.LogWarning("WebRTC could not packetize a frame of {DeviceId}: {Reason}", Session.DeviceId, e.Message);
        }
    }

    public void Dispose() => subscription.Dispose();
}
