using System.Net;
using SmartHomeCam.Fakes.Rtsp;

namespace SmartHomeCam.Fakes.Arlo;

/// <summary>One simulated camera (spec "test double" §1): identity, where its basestation is, what it streams.</summary>
public sealed class FakeArloCameraOptions
{
    public required string Serial { get; init; }

    public string Model { get; init; } = "VMC4030P";

    public string Firmware { get; init; } = "1.125.15.0_35_1191";

    /// <summary>The camera's own address; any 127.x.y.z works on Linux, so several cameras can share ports.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The basestation (the camera's "default gateway" port 4000).</summary>
    public IPEndPoint? Basestation { get; set; }

    /// <summary>Where the camera takes commands (real: 4000); 0 picks a free port.</summary>
    public int CommandPort { get; init; }

    /// <summary>RTSP (real: 554); 0 picks a free port.</summary>
    public int RtspPort { get; init; }

    public required FakeRtspMedia Media { get; init; }

    public int BatteryPercent { get; set; } = 89;

    /// <summary>Unsolicited status every so often; null sends status only after statusRequest.</summary>
    public TimeSpan? StatusInterval { get; init; }

    /// <summary>The RR watchdog (spec test double §7); null turns it off (as "dropping all RTCP" would).</summary>
    public TimeSpan? ReceiverReportTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>After the watchdog cut a stream: silent this long, then re-register (real: 10–30 s).</summary>
    public TimeSpan SilenceAfterCut { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>VMC3030: answers <c>UserStreamActive</c> with "Ack with Errors".</summary>
    public bool RejectsUserStreamActive { get; init; }

    /// <summary>Registers with these capabilities (an H.265-only camera omits "H.264Streaming").</summary>
    public IReadOnlyList<string> Capabilities { get; init; } =
        ["IRLED", "PirMotion", "NightVision", "Temperature", "BatteryLevel", "SignalStrength", "H.264Streaming", "JPEGSnapshot", "RaParams"];
}
