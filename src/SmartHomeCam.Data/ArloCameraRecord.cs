namespace SmartHomeCam.Data;

/// <summary>
/// An Arlo camera our basestation has heard from, keyed by serial: where it is (the source address of its last
/// registration or status) and what it last reported. Discovery only; claiming it makes a provider connection.
/// </summary>
public sealed class ArloCameraRecord
{
    public string Serial { get; set; } = "";
    public string IpAddress { get; set; } = "";
    public string Model { get; set; } = "";
    public string Firmware { get; set; } = "";
    public string HardwareRevision { get; set; } = "";

    /// <summary>Space-separated registration capabilities ("H.264Streaming BatteryLevel …").</summary>
    public string Capabilities { get; set; } = "";

    public int? BatteryPercent { get; set; }

    /// <summary>0–4 bars.</summary>
    public int? SignalStrength { get; set; }

    /// <summary>Degrees Celsius.</summary>
    public int? Temperature { get; set; }

    public bool? Charging { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? LastRegisteredAt { get; set; }
}
