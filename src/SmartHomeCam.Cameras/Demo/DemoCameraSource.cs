using System.Runtime.CompilerServices;
using SmartHomeCam.Media;

namespace SmartHomeCam.Cameras.Demo;

/// <summary>
/// Plays the demo clip in a loop at its real frame rate, rewriting timestamps so they keep rising across
/// loops, exactly like a live camera would deliver them. Frames point into the shared clip: no copies, and one
/// periodic timer paces them (no allocation per frame).
/// </summary>
public sealed class DemoCameraSource : ICameraSource
{
    public async IAsyncEnumerable<MediaFrame> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var clip = DemoClip.Instance;
        using var pace = new PeriodicTimer(TimeSpan.FromSeconds(DemoClip.FrameDuration90k / 90_000.0));
        long frame = 0;
        while (true)
        {
            for (var i = 0; i < clip.Units.Count; i++, frame++)
            {
                // The first frame goes out at once (a camera starts with an IDR); each next one a frame later.
                if (frame > 0 && !await pace.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
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
