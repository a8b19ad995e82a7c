namespace SmartHomeCam.Nest;

/// <summary>Google's answer to GenerateWebRtcStream (spec §3).</summary>
public sealed record SdmWebRtcGrant(string AnswerSdp, string MediaSessionId, DateTimeOffset ExpiresAt);
