namespace SmartHomeCam.Rtsp;

/// <summary>How RTP and RTCP travel: interleaved on the RTSP connection, or on a UDP port pair of their own.</summary>
public enum RtspTransport
{
    /// <summary>RTP/AVP/TCP interleaved channels (RFC 2326 §10.12); survives NAT and firewalls.</summary>
    Tcp = 0,

    /// <summary>RTP/AVP over a UDP port pair; what Arlo cameras expect.</summary>
    Udp = 1,
}
