using System.Net;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>Where the one WebRTC UDP port listens and which addresses it announces as host candidates.</summary>
public sealed class UdpMuxOptions
{
    /// <summary>Address to bind; <c>0.0.0.0</c> = every IPv4 interface.</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Any;

    /// <summary>The UDP port; 0 picks a free one (tests).</summary>
    public int Port { get; set; }

    /// <summary>Extra addresses announced with the same port (a 1:1 NAT's public address, a forwarded port on a router).</summary>
    public IReadOnlyList<IPAddress> PublicAddresses { get; set; } = [];
}
