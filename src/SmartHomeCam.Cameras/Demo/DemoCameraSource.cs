using System.Diagnostics;
using System.Runtime.CompilerServices;
using SmartHomeCam.Media;

namespace SmartHomeCam.Cameras.Demo;

/// <summary>
/// Plays the demo clip in a loop at its real frame rate, rewriting timestamps so they keep rising across
/// loops, exactly like a live camera would deliver them. Frames point into the shared clip: no copies.
/// </summary>
public sealed class DemoCameraSource : ICameraSource
{
    public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var clip = DemoClip.Instance;
        var started = Stopwatch.GetTimestamp();
        long frame = 0;
        while (true)
        {
            for (var i = 0; i < clip.Units.Count; i++, frame++)
            {
                var due = TimeSpan.FromSeconds(frame * DemoClip.FrameDuration90k / 90_000.0);
                var wait = due - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                var (offset, length, keyframe) = clip.Units[i];
                var timestamp = frame * DemoClip.FrameDuration90k;
                yield return new MediaFrame(clip.Data.Slice(offset, length), timestamp, timestamp, keyframe);
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
