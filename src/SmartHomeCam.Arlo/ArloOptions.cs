using SmartHomeCam.Rtsp;

namespace SmartHomeCam.Arlo;

/// <summary>The built-in Arlo basestation (<c>Arlo</c> section). Cameras talk to port 4000 on their DHCP gateway.</summary>
public sealed class ArloOptions
{
    /// <summary>Runs the basestation listener. Claimed cameras are listed (offline) even when it is off.</summary>
    public bool Enabled { get; set; }

    public string BindAddress { get; set; } = "0.0.0.0";

    public int Port { get; set; } = 4000;

    /// <summary>The audio doorbell's port; 0 turns it off.</summary>
    public int DoorbellPort { get; set; } = 4100;

    /// <summary>Where cameras take commands (spec §1: the camera's own port 4000).</summary>
    public int CameraCommandPort { get; set; } = 4000;

    public int CameraRtspPort { get; set; } = 554;

    /// <summary>Frames longer than this are refused unread (a registration is about 1 kB).</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>How long an inbound connection may take to deliver its one message.</summary>
    public TimeSpan InboundTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Further attempts for a command a sleeping camera did not take (after 1 s, 2 s, …).</summary>
    public int CommandRetries { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A camera not heard from for this long is listed offline (battery cameras report rarely).</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long to keep trying the camera's RTSP port after waking it.</summary>
    public TimeSpan WakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>UDP, as Arlo cameras expect; a claimed camera may override it (its "transport" setting).</summary>
    public RtspTransport Transport { get; set; } = RtspTransport.Udp;

    /// <summary>Optional: motion alerts are POSTed here as JSON (the seed project's motion webhook).</summary>
    public Uri? MotionWebhookUrl { get; set; }

    /// <summary>At most this many inbound connections are served at once; more wait in the backlog.</summary>
    public int MaxConcurrentConnections { get; set; } = 32;
}
