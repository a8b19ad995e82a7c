using System.Net;
using System.Text.Json.Nodes;

namespace SmartHomeCam.Nest;

/// <summary>The WEB_RTC stream commands (spec §3): Generate (offer → answer), Extend (wired devices only), Stop.</summary>
public sealed partial class SdmApiClient
{
    public async Task<SdmWebRtcGrant> GenerateWebRtcAsync(string refreshToken, string deviceId, string offerSdp, CancellationToken cancellationToken)
    {
        var results = await ExecuteAsync(refreshToken, deviceId, "GenerateWebRtcStream", new JsonObject { ["offerSdp"] = offerSdp }, cancellationToken).ConfigureAwait(false);
        var answer = Str(results, "answerSdp");
        if (string.IsNullOrWhiteSpace(answer))
        {
            throw new SdmApiException(HttpStatusCode.BadGateway, "BAD_ANSWER", "GenerateWebRtcStream answered without an answerSdp.");
        }

        return new SdmWebRtcGrant(answer, Required(results, "mediaSessionId"), ExpiresAt(results));
    }

    /// <summary>The new <c>expiresAt</c>; the first answer stays in force (spec §3). A battery doorbell refuses with FAILED_PRECONDITION.</summary>
    public async Task<DateTimeOffset> ExtendWebRtcAsync(string refreshToken, string deviceId, string mediaSessionId, CancellationToken cancellationToken)
    {
        var results = await ExecuteAsync(refreshToken, deviceId, "ExtendWebRtcStream", new JsonObject { ["mediaSessionId"] = mediaSessionId }, cancellationToken).ConfigureAwait(false);
        return ExpiresAt(results);
    }

    public Task StopWebRtcAsync(string refreshToken, string deviceId, string mediaSessionId, CancellationToken cancellationToken) =>
        ExecuteAsync(refreshToken, deviceId, "StopWebRtcStream", new JsonObject { ["mediaSessionId"] = mediaSessionId }, cancellationToken);
}
