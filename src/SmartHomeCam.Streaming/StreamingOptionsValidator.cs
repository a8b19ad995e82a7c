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
        RequirePositive(failures, "ShutdownGrace", options.ShutdownGrace);
        RequirePositive(failures, "ReplicaHeartbeat", options.ReplicaHeartbeat);
        if (options.OwnerLeaseDuration < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Streaming:OwnerLeaseDuration is {options.OwnerLeaseDuration}; it must be at least 1 s (renewed every third of it).");
        }

        if (!string.IsNullOrWhiteSpace(options.ReplicaAddress) && !Uri.TryCreate(options.ReplicaAddress, UriKind.Absolute, out _))
        {
            failures.Add($"Streaming:ReplicaAddress \"{options.ReplicaAddress}\" is not an absolute URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.HopKey) && !HopKeyIsValid(options.HopKey))
        {
            failures.Add("Streaming:HopKey must be base64 of at least 32 bytes.");
        }
        if (options.RestartDelayMin < TimeSpan.Zero || options.RestartDelayMax < options.RestartDelayMin)
        {
            failures.Add("Streaming:RestartDelayMin must be ≥ 0 and Streaming:RestartDelayMax ≥ RestartDelayMin.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool HopKeyIsValid(string key)
    {
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var written) && written >= 32;
    }

    private static void RequirePositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Streaming:{key} is {value}; it must be positive.");
        }
    }
}
