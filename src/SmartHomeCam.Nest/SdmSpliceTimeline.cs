using SmartHomeCam.Media;

namespace SmartHomeCam.Nest;

/// <summary>
/// Keeps output timestamps continuous while the RTSP session underneath is replaced at every extension: each new
/// session starts its own clock, so its first IDR is placed one frame after the last video frame sent, and its
/// audio that would overlap what was already sent is dropped. A struct on the source, no allocation per frame.
/// </summary>
internal struct SdmSpliceTimeline
{
    private const long MaxPlausibleStep = 90_000; // a second between frames means a stall, not a frame rate
    private long offset;
    private long lastVideoDts;
    private long lastAudioPts;
    private long videoStep;
    private bool started;

    public static SdmSpliceTimeline Create() => new() { lastVideoDts = long.MinValue, lastAudioPts = long.MinValue, videoStep = 3000 };

    public readonly long LastVideoDts => lastVideoDts;

    /// <summary>The next session's first IDR (its own clock) lands one frame after the last video frame sent.</summary>
    public void SpliceAt(long idrDts)
    {
        if (started && lastVideoDts != long.MinValue)
        {
            offset = lastVideoDts + videoStep - idrDts;
        }
    }

    /// <summary>False for a frame that must be dropped (audio overlapping audio already sent).</summary>
    public bool TryMap(in MediaFrame frame, bool discontinuity, out MediaFrame mapped)
    {
        var dts = frame.Dts + offset;
        var pts = frame.Pts + offset;
        if (frame.Kind != MediaKind.Video) // AAC or Opus
        {
            if (lastAudioPts != long.MinValue && pts <= lastAudioPts)
            {
                mapped = default;
                return false;
            }

            lastAudioPts = pts;
        }
        else
        {
            if (lastVideoDts != long.MinValue)
            {
                var step = dts - lastVideoDts;
                if (step > 0 && step < MaxPlausibleStep)
                {
                    videoStep = step;
                }
            }

            lastVideoDts = dts;
        }

        started = true;
        mapped = frame with { Dts = dts, Pts = pts, Discontinuity = frame.Discontinuity || discontinuity };
        return true;
    }
}
