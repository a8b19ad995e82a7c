namespace SmartHomeCam.Streaming.WebRtc;

/// <summary>The result of an offer: an answer SDP, or an HTTP status with a protocol error for the caller.</summary>
public sealed record OfferOutcome(string? AnswerSdp, int Status, string? Error, string? Description)
{
    public static OfferOutcome Answer(string sdp) => new(sdp, 200, null, null);

    public static OfferOutcome Refused(int status, string error, string description) => new(null, status, error, description);
}
