namespace SmartHomeCam.Streaming.WebRtc;

/// <summary>Bound from <c>WebRtc</c>: live view on Google's displays through <c>cameraStreamSignalingUrl</c>.</summary>
public sealed class WebRtcOptions
{
    /// <summary>
    /// <c>auto</c> (default): on when the service is published (<c>SmartHomeCam:PublicBaseUrl</c> set) and the
    /// UDP port binds; <c>true</c>: on whenever the port binds; <c>false</c>: off (SYNC advertises HLS only).
    /// </summary>
    public string Enabled { get; set; } = "auto";

    /// <summary>Interface the UDP port binds to.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>The one UDP port every peer uses (forward it on the router); 0 = any free port.</summary>
    public int Port { get; set; } = 8189;

    /// <summary>
    /// The ICE-TCP port (RFC 6544 passive candidates, ranked below UDP): a fallback for displays that cannot reach the
    /// UDP port. 0 = any free port (tests); negative = ICE-TCP off. If it cannot be opened, WebRTC stays UDP-only.
    /// </summary>
    public int TcpPort { get; set; } = 8189;

    /// <summary>Addresses announced as extra host candidates with the same port (the public address of a 1:1 NAT or port forward).</summary>
    public List<string> PublicAddresses { get; set; } = [];

    /// <summary>STUN/TURN servers handed to Google in <c>cameraStreamIceServers</c>; none = the field is omitted.</summary>
    public List<IceServerOptions> IceServers { get; set; } = [];

    /// <summary>Concurrent peers of this process.</summary>
    public int MaxPeers { get; set; } = 50;

    /// <summary>Concurrent peers of one account.</summary>
    public int MaxPeersPerAccount { get; set; } = 8;

    /// <summary>ICE and DTLS must complete within this time of the answer.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>RFC 7675 consent: a peer silent this long is dropped (at most 30 s).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an offer for a cold camera waits for its SPS (for profile-level-id) before answering anyway.</summary>
    public TimeSpan ParameterSetWait { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>One RTCIceServer.</summary>
public sealed class IceServerOptions
{
    public List<string> Urls { get; set; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }
}
