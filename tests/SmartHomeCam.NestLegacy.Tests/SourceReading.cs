using SmartHomeCam.Media;
using SmartHomeCam.NestLegacy.Streaming;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>What a viewer got from a source: frames copied out (their buffers are reused) with timestamps and flags.</summary>
internal sealed record ReadFrame(byte[] Data, long Pts, bool IsKeyframe, bool Discontinuity, MediaKind Kind);

internal static class SourceReading
{
    /// <summary>Reads until <paramref name="videoFrames"/> video frames arrived (or the deadline, which fails the test).</summary>
    public static async Task<List<ReadFrame>> ReadAsync(NestLegacyCameraSource source, int videoFrames, TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(60));
        var frames = new List<ReadFrame>();
        await foreach (var frame in source.ReadAsync(deadline.Token))
        {
            frames.Add(new ReadFrame(frame.Data.ToArray(), frame.Pts, frame.IsKeyframe, frame.Discontinuity, frame.Kind));
            if (frames.Count(f => f.Kind == MediaKind.Video) >= videoFrames)
            {
                break;
            }
        }

        return frames;
    }

    public static List<ReadFrame> Video(this IEnumerable<ReadFrame> frames) => frames.Where(f => f.Kind == MediaKind.Video).ToList();
}
