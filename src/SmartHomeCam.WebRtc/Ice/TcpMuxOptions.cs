using System.Net;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>The ICE-TCP port (RFC 6544 passive host candidates): where it listens and how strictly it treats connections.</summary>
public sealed class TcpMuxOptions
{
    /// <summary>Address to bind; <c>0.0.0.0</c> = every IPv4 interface.</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Any;

    /// <summary>The TCP port; 0 picks a free one (tests).</summary>
    public int Port { get; set; }

    /// <summary>Extra addresses announced with the same port (the public side of a port forward).</summary>
    public IReadOnlyList<IPAddress> PublicAddresses { get; set; } = [];

    /// <summary>A connection whose first frame is not a valid check for a known peer within this time is closed.</summary>
    public TimeSpan FirstCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest frame accepted or sent; as big as anything the UDP port receives (a bigger one closes the connection).</summary>
    public int MaxFrameLength { get; set; } = 2048;

    /// <summary>Open connections at once (bound or not); more are closed at accept.</summary>
    public int MaxConnections { get; set; } = 256;

    /// <summary>Connections that have not yet passed a check; more are closed at accept (a flood cannot starve real peers' slots).</summary>
    public int MaxPendingConnections { get; set; } = 32;

    /// <summary>A send blocked this long (the display stopped reading) closes the connection.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
