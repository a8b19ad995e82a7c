using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Streaming.ScaleOut;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.Tokens;
using SmartHomeCam.Telemetry;

namespace SmartHomeCam.Streaming;

/// <summary>
/// <see cref="IStreamUrls"/>: resolves the account's camera, gets or starts its capture session (without
/// waiting for video), and mints the capability URL.
/// </summary>
public sealed class StreamUrlGranter(
    ICameraCatalog catalog, FeedRouter router, StreamTokenService tokens, IOptions<StreamingOptions> options) : IStreamUrls
{
    public async Task<StreamGrant> GrantAsync(string userId, string deviceId, string correlationId, CancellationToken cancellationToken)
    {
        var camera = await catalog.FindAsync(userId, deviceId, cancellationToken).ConfigureAwait(false);
        if (camera is null)
        {
            return StreamGrant.Failed(StreamGrantStatus.NotFound);
        }

        FeedRoute route;
        using (SmartHomeCamTelemetry.Source.StartActivity("session.acquire"))
        {
            // Another replica may own the camera: the URL works on every replica (they forward to the owner).
            route = await router.StartAsync(camera, correlationId, mayForward: true, unreachable: null, cancellationToken).ConfigureAwait(false);
        }

        if (route.Session is { State: CaptureState.Failing } session && session.ConsecutiveFailures >= options.Value.FailuresBeforeUnavailable)
        {
            return StreamGrant.Failed(StreamGrantStatus.SourceFailing);
        }

        var (token, expires) = tokens.Mint(deviceId, userId);
        return new StreamGrant(StreamGrantStatus.Granted, StreamUrlShape.PlaylistPath(token), token, expires);
    }
}
