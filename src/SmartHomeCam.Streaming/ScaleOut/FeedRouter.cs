using SmartHomeCam.Cameras;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming.ScaleOut;

/// <summary>
/// Decides where a camera's stream is served: from this process's session while it holds the camera (or always, in
/// one process), else by claiming the camera's lease and starting the session here, else by forwarding to the
/// replica that holds it. A replica never opens a camera it could not claim, Redis down included.
/// </summary>
public sealed class FeedRouter(CaptureSessionRegistry registry, ICameraCatalog catalog, CameraOwnership ownership) : ILiveFeeds
{
    /// <summary>
    /// Routes a viewer's request. <paramref name="mayForward"/> is false for a request that already came over the hop
    /// (it is answered here or not at all); <paramref name="unreachable"/> is an owner a forward just failed to reach.
    /// </summary>
    public async Task<FeedRoute> RouteAsync(StreamTokenClaims claims, bool mayForward, OwnerRecord? unreachable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var running = registry.Find(claims.DeviceId, claims.UserId);
        if (running is { IsOwnedHere: true })
        {
            running.Touch();
            return FeedRoute.Local(running);
        }

        if (unreachable is not null)
        {
            ownership.ForgetOwner(unreachable);
        }

        // Idled out, restarted, or on another replica: the token is still a valid capability while the camera is the account's.
        var camera = await catalog.FindAsync(claims.UserId, claims.DeviceId, cancellationToken).ConfigureAwait(false);
        return camera is null ? FeedRoute.Forbidden : await StartAsync(camera, "playback", mayForward, unreachable, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Claims the camera and starts its session here, or names the owner (EXECUTE and playback).</summary>
    public async Task<FeedRoute> StartAsync(CatalogCamera camera, string correlationId, bool mayForward, OwnerRecord? unreachable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var running = registry.Find(camera.DeviceId, camera.UserId);
        if (running is { IsOwnedHere: true })
        {
            registry.GetOrStart(camera, correlationId); // touches it and keeps the correlation id current
            return FeedRoute.Local(running);
        }

        var claim = await ownership.ClaimAsync(camera.DeviceId, cancellationToken).ConfigureAwait(false);
        switch (claim.Outcome)
        {
            case OwnershipOutcome.Owned:
                return FeedRoute.Local(registry.GetOrStart(camera, correlationId, claim.Lease));
            case OwnershipOutcome.Elsewhere or OwnershipOutcome.Unreachable
                when mayForward && claim.Owner is { } owner && !SameReplica(owner, unreachable):
                return FeedRoute.Remote(owner);
            case OwnershipOutcome.Elsewhere when !mayForward:
                return FeedRoute.NotOwner; // at once: the sender re-reads the owner instead of its request waiting here
            default:
                return FeedRoute.Busy;
        }
    }

    /// <summary>Local sessions only (the dashboard preview in one process; tests).</summary>
    public async Task<ILiveFeed?> OpenAsync(StreamTokenClaims claims, CancellationToken cancellationToken)
    {
        var route = await RouteAsync(claims, mayForward: false, unreachable: null, cancellationToken).ConfigureAwait(false);
        return route.Session;
    }

    private static bool SameReplica(OwnerRecord owner, OwnerRecord? other) =>
        other is not null && owner.ReplicaId == other.ReplicaId && owner.FencingNumber == other.FencingNumber;
}
