using System.Diagnostics;
using System.Runtime.CompilerServices;
using SmartHomeCam.Media;

namespace SmartHomeCam.Cameras.Demo;

/// <summary>
/// Plays the demo clip in a loop in real time, rewriting timestamps so they keep rising across loops, exactly
/// like a live camera would deliver them: video alone, or video and its AAC sound interleaved in timestamp
/// order. Frames point into the shared clip (no copies), and one periodic timer paces them against the
/// elapsed time (no allocation per frame).
/// </summary>
public sealed class DemoCameraSource(bool withAudio = false) : ICameraSource
{
    public ValueTask<MediaTracks> OpenAsync(CancellationToken cancellationToken)
    {
        var clip = DemoClip.Instance;
        return ValueTask.FromResult(withAudio ? clip.WithAudio : clip.VideoOnly);
    }

    public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var clip = DemoClip.Instance;
        var audioDuration = clip.AudioTrack.FrameDuration90k;
        var tick = withAudio ? Math.Min(audioDuration, DemoClip.FrameDuration90k) : DemoClip.FrameDuration90k;
        using var pace = new PeriodicTimer(TimeSpan.FromSeconds(tick / 90_000.0));
        var started = Stopwatch.GetTimestamp();
        long video = 0, audio = 0;
        while (true)
        {
            // Everything due by now goes out in timestamp order (video first on a tie: segments open on its IDR).
            // The very first frame is due at once: a camera starts with an IDR.
            var now = Stopwatch.GetElapsedTime(started).Ticks * 9 / 1_000; // 100 ns ticks → 90 kHz
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var videoTs = video * DemoClip.FrameDuration90k;
                var audioTs = withAudio ? audio * audioDuration : long.MaxValue;
                if (Math.Min(videoTs, audioTs) > now)
                {
                    break;
                }

                if (videoTs <= audioTs)
                {
                    var (offset, length, keyframe) = clip.Units[(int)(video++ % clip.Units.Count)];
                    yield return new MediaFrame(clip.Data.Slice(offset, length), videoTs, videoTs, keyframe);
                }
                else
                {
                    var frame = clip.AudioFrames[(int)(audio++ % clip.AudioFrames.Count)];
                    yield return new MediaFrame(clip.Audio.Slice(frame.Offset, frame.Length), audioTs, audioTs, IsKeyframe: true, Kind: MediaKind.Audio);
                }
            }

            if (!await pace.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
