namespace SmartHomeCam.Nest;

/// <summary>The WebRTC receiver of WEB_RTC Nest cameras (configuration section <c>Nest:WebRtc</c>).</summary>
public sealed class SdmWebRtcOptions
{
    public const string Section = "WebRtc";

    /// <summary>Addresses offered as host candidates; empty: every IPv4 address of every interface that is up. No TURN is needed: Google's peer is a public ICE-lite server.</summary>
    public IList<string> HostAddresses { get; } = [];

    /// <summary>ICE + DTLS must be up within this time after Google answered.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>No video for this long ends the session (Google stopped it, or the path broke).</summary>
    public TimeSpan MediaTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Ask Google's peer for a key frame (PLI) when none came for this long: HLS segments are cut only at key frames and Google sends them rarely unless asked. Zero: only at the start and after a loss.</summary>
    public TimeSpan KeyframeInterval { get; set; } = TimeSpan.FromSeconds(2);
}
