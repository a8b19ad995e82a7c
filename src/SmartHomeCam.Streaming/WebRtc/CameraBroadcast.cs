using Microsoft.Extensions.Logging;
using SmartHomeCam.Media;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.WebRtc.Peers;

namespace SmartHomeCam.Streaming.WebRtc;

/// <summary>
/// Feeds one capture session's video into a <see cref="VideoBroadcaster"/> and its Opus audio (Nest WebRTC cameras)
/// into an <see cref="AudioBroadcaster"/> for its WebRTC viewers, so HLS and WebRTC viewers share the one camera
/// reader. AAC is not sent: WebRTC displays take Opus, and AAC cameras are not transcoded (README), so they are
/// video only there.
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

    public AudioBroadcaster Audio { get; } = new();

    /// <summary>Starts sending to a peer whose DTLS completed: video, and audio when its answer accepted it.</summary>
    public void Attach(WebRtcPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        Video.Attach(peer);
        if (peer.Audio is not null)
        {
            Audio.Attach(peer);
        }
    }

    public void Detach(WebRtcPeer peer)
    {
        Video.Detach(peer);
        Audio.Detach(peer);
    }

    public void OnTracks(MediaTracks tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        Audio.Declare(tracks.Opus);
        if (!tracks.Video.ParameterSets.IsEmpty)
        {
            Video.DeclareParameterSets(tracks.Video.ParameterSets.Span);
        }
    }

    public void OnFrame(in MediaFrame frame)
    {
        try
        {
            switch (frame.Kind)
            {
                case MediaKind.Video:
                    Video.Publish(frame.Data.Span, frame.Pts, frame.IsKeyframe);
                    break;
                case MediaKind.Opus:
                    Audio.Publish(frame.Data.Span, frame.Pts);
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One bad frame must not stop the camera's HLS output.
            logger.LogWarning("WebRTC could not packetize a frame of {DeviceId}: {Reason}", Session.DeviceId, e.Message);
        }
    }

    public void Dispose() => subscription.Dispose();
}
