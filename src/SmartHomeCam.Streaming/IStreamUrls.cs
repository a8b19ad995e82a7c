namespace SmartHomeCam.Streaming;

/// <summary>
/// What the rest of the product asks of Streaming: "a stream URL for device D of account A". Streaming resolves
/// the camera and its source itself and starts the capture session in the background (never waits for video).
/// </summary>
public interface IStreamUrls
{
    Task<StreamGrant> GrantAsync(string userId, string deviceId, string correlationId, CancellationToken cancellationToken);
}

public enum StreamGrantStatus
{
    /// <summary>The session is starting or live; <see cref="StreamGrant.PlaylistPath"/> is valid.</summary>
    Granted,

    /// <summary>The device id is not one of the account's cameras.</summary>
    NotFound,

    /// <summary>The camera keeps failing; a URL would only show an error.</summary>
    SourceFailing,
}

/// <summary>The answer to <see cref="IStreamUrls.GrantAsync"/>: a capability URL path (token inside) and its expiry.</summary>
public sealed record StreamGrant(StreamGrantStatus Status, string PlaylistPath, string Token, DateTimeOffset ExpiresAt)
{
    public static StreamGrant Failed(StreamGrantStatus status) => new(status, "", "", default);
}
