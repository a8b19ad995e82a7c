using SmartHomeCam.Media;

namespace SmartHomeCam.Streaming.Sessions;

/// <summary>
/// Sees a capture session's tracks and frames as they pass to the HLS segmenter, so other outputs (WebRTC)
/// share the one camera reader. Called on the capture loop: copy what you keep (the frame's buffer is the
/// source's), never block, never throw.
/// </summary>
public interface IMediaFrameObserver
{
    void OnTracks(MediaTracks tracks);

    void OnFrame(in MediaFrame frame);
}
