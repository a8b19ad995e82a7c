using System.Collections.Concurrent;
using SmartHomeCam.Media;
using SmartHomeCam.Streaming.Sessions;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// Watches a capture session beside its WebRTC viewers and notes, per video frame (by the low 32 bits of its 90 kHz
/// PTS, which is what the RTP timestamp carries), the wall-clock time the camera source handed it over.
/// </summary>
internal sealed class SourceClock : IMediaFrameObserver
{
    private readonly ConcurrentDictionary<uint, double> unixMs = new();

    public void OnTracks(MediaTracks tracks)
    {
    }

    public void OnFrame(in MediaFrame frame)
    {
        if (frame.Kind == MediaKind.Video)
        {
            unixMs[unchecked((uint)frame.Pts)] = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
        }
    }

    public bool TryGetUnixMs(uint pts, out double ms) => unixMs.TryGetValue(pts, out ms);
}
