using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Cameras;
using SmartHomeCam.Streaming.Sessions;

namespace SmartHomeCam.Fulfillment.Intents;

/// <summary>
/// GetCameraStream (spec §3.4): picks a protocol we serve, acquires the capture session without waiting for
/// video, and answers with the tokenised playlist URL at once (checklist 15–18).
/// </summary>
public sealed class GetCameraStreamCommand(IStreamSessions sessions, IOptions<FulfillmentOptions> options, ILogger<GetCameraStreamCommand> logger)
{
    private const string Hls = "hls";

    public ExecuteResult Execute(FulfillmentContext context, CatalogCamera camera, Func<ICameraSource> openSource, JsonElement parameters)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(camera);
        if (parameters.ValueKind != JsonValueKind.Object ||
            !parameters.TryGetProperty("SupportedStreamProtocols", out var protocols) || protocols.ValueKind != JsonValueKind.Array)
        {
            return ExecuteResult.Error(GoogleErrorCodes.NotSupported);
        }

        var wantsHls = protocols.EnumerateArray().Any(p => p.ValueKind == JsonValueKind.String && p.GetString() == Hls);
        if (!wantsHls)
        {
            return ExecuteResult.Error(GoogleErrorCodes.NotSupported);
        }

        StreamTicket ticket;
        try
        {
            ticket = sessions.Acquire(new StreamRequest(camera.DeviceId, context.UserId, openSource, context.RequestId));
        }
        catch (Exception e) when (e is CameraSourceException or InvalidOperationException)
        {
            logger.LogWarning("Could not start a capture session for {DeviceId}: {Reason}", camera.DeviceId, e.Message);
            return ExecuteResult.Error(GoogleErrorCodes.ResourceUnavailable);
        }

        if (ticket.SourceFailing)
        {
            return ExecuteResult.Error(GoogleErrorCodes.ResourceUnavailable);
        }

        var receiver = string.IsNullOrWhiteSpace(options.Value.ReceiverAppId) ? null : options.Value.ReceiverAppId;
        return new ExecuteResult("SUCCESS", Stream: new StreamStates(Hls, context.BaseUrl + ticket.PlaylistPath, ticket.Token, receiver));
    }
}
