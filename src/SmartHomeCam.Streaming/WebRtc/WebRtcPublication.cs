namespace SmartHomeCam.Streaming.WebRtc;

/// <summary>Whether the service is published on a public origin (what <c>WebRtc:Enabled=auto</c> decides on).</summary>
public sealed record WebRtcPublication(bool IsPublished);
