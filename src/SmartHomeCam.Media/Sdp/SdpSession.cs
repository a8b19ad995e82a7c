namespace SmartHomeCam.Media.Sdp;

/// <summary>A parsed session description: the session-level <c>a=control</c> (aggregate URL) and its media.</summary>
public sealed record SdpSession(string? Control, IReadOnlyList<SdpMedia> Media)
{
    public SdpMedia? FirstVideo => Media.FirstOrDefault(m => m.IsVideo);

    public SdpMedia? FirstAudio => Media.FirstOrDefault(m => m.IsAudio);
}
