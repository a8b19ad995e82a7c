using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Streaming;
using SmartHomeCam.Streaming.WebRtc;

namespace SmartHomeCam.Fulfillment.Intents;

/// <summary>
/// GetCameraStream (spec §3.4): picks a protocol we serve, acquires the capture session without waiting for
/// video, and answers with the tokenised playlist URL at once (checklist 15–18).
/// </summary>
public sealed class GetCameraStreamCommand(
    IStreamUrls streams, IOptions<FulfillmentOptions> options, ILogger<GetCameraStreamCommand> logger, IWebRtcAvailability? webRtc = null)
{
    private const string Hls = "hls";
    private const string WebRtc = "webrtc";

    public async Task<ExecuteResult> ExecuteAsync(FulfillmentContext context, CatalogCamera camera, JsonElement parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(camera);
        if (parameters.ValueKind != JsonValueKind.Object ||
            !parameters.TryGetProperty("SupportedStreamProtocols", out var protocols) || protocols.ValueKind != JsonValueKind.Array)
        {
            return ExecuteResult.Error(GoogleErrorCodes.NotSupported);
        }

        var wantsHls = protocols.EnumerateArray().Any(p => p.ValueKind == JsonValueKind.String && p.GetString() == Hls);
        // WebRTC whenever the surface takes it (Google's displays render it themselves, spec §3.5); HLS otherwise.
        var useWebRtc = webRtc is { IsAvailable: true } && protocols.EnumerateArray().Any(p => p.ValueKind == JsonValueKind.String && p.GetString() == WebRtc);
        if (!wantsHls && !useWebRtc)
        {
            return ExecuteResult.Error(GoogleErrorCodes.NotSupported);
        }

        StreamGrant grant;
        try
        {
            grant = await streams.GrantAsync(context.UserId, camera.DeviceId, context.RequestId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CameraSourceException or InvalidOperationException)
        {
            logger.LogWarning("Could not start a capture session for {DeviceId}: {Reason}", camera.DeviceId, e.Message);
            return ExecuteResult.Error(GoogleErrorCodes.ResourceUnavailable);
        }

        switch (grant.Status)
        {
            case StreamGrantStatus.NotFound:
                return ExecuteResult.Error(GoogleErrorCodes.DeviceNotFound);
            case StreamGrantStatus.SourceFailing:
                return ExecuteResult.Error(GoogleErrorCodes.ResourceUnavailable);
        }

        if (useWebRtc)
        {
            return new ExecuteResult("SUCCESS", Stream: new StreamStates(
                WebRtc, "", grant.Token, null, context.BaseUrl + WebRtcSignalingShape.Path, webRtc!.IceServersJson));
        }

        var receiver = string.IsNullOrWhiteSpace(options.Value.ReceiverAppId) ? null : options.Value.ReceiverAppId;
        return new ExecuteResult("SUCCESS", Stream: new StreamStates(Hls, context.BaseUrl + grant.PlaylistPath, grant.Token, receiver));
    }
}
