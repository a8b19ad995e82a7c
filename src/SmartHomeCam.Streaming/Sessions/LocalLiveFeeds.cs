using SmartHomeCam.Cameras;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming.Sessions;

/// <summary>Streams served by capture sessions in this process.</summary>
public sealed class LocalLiveFeeds(CaptureSessionRegistry registry, ICameraCatalog catalog) : ILiveFeeds
{
    public async Task<ILiveFeed?> OpenAsync(StreamTokenClaims claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var running = registry.Find(claims.DeviceId, claims.UserId);
        if (running is { IsRunning: true })
        {
            running.Touch();
            return running;
        }

        // Idled out, or this process restarted (or is another replica): the token is still a valid capability,
        // as long as the camera is still the account's.
        var camera = await catalog.FindAsync(claims.UserId, claims.DeviceId, cancellationToken).ConfigureAwait(false);
        return camera is null ? null : registry.GetOrStart(camera, "playback");
    }
}
