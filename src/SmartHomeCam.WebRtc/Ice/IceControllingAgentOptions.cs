using System.Net;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>Where the receive-only peer gathers host candidates and how long it tries (no TURN: Google's peer is public ICE-lite).</summary>
public sealed class IceControllingAgentOptions
{
    /// <summary>Interfaces to offer as host candidates; empty: every IPv4 address of every interface that is up.</summary>
    public IReadOnlyList<IPAddress> HostAddresses { get; set; } = [];

    /// <summary>Time from the first check to a nominated pair before the connection fails.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between connectivity checks to each remote candidate while connecting.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>RFC 7675 §5.1: a consent check every 5 s (randomised ±20 %) while streaming.</summary>
    public TimeSpan ConsentInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>RFC 7675 §5.1: without any answered check for 30 s, consent is lost and sending must stop.</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
