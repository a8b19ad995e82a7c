using Microsoft.Extensions.Options;

namespace SmartHomeCam.Streaming;

/// <summary>
/// Checks <see cref="StreamingOptions"/> at start, so a bad value stops the service with a message naming the
/// key instead of being silently adjusted or failing on the first stream.
/// </summary>
public sealed class StreamingOptionsValidator : IValidateOptions<StreamingOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PlaylistSegments < 3)
        {
            // RFC 8216 §6.2.2: a live playlist must span at least three target durations.
            failures.Add($"Streaming:PlaylistSegments is {options.PlaylistSegments}; a live playlist needs at least 3 segments (RFC 8216 §6.2.2).");
        }

        if (options.MinSegmentsBeforePlaylist < 1 || options.MinSegmentsBeforePlaylist > options.PlaylistSegments)
        {
            failures.Add($"Streaming:MinSegmentsBeforePlaylist is {options.MinSegmentsBeforePlaylist}; it must be between 1 and Streaming:PlaylistSegments ({options.PlaylistSegments}).");
        }

        RequirePositive(failures, "TokenLifetime", options.TokenLifetime);
        RequirePositive(failures, "IdleTimeout", options.IdleTimeout);
        RequirePositive(failures, "FirstSegmentWait", options.FirstSegmentWait);
        RequirePositive(failures, "SegmentTargetDuration", options.SegmentTargetDuration);
        if (options.RestartDelayMin < TimeSpan.Zero || options.RestartDelayMax < options.RestartDelayMin)
        {
            failures.Add("Streaming:RestartDelayMin must be ≥ 0 and Streaming:RestartDelayMax ≥ RestartDelayMin.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Streaming:{key} is {value}; it must be positive.");
        }
    }
}
