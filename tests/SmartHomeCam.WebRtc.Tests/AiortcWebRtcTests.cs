using SmartHomeCam.Testing;

namespace SmartHomeCam.WebRtc.Tests;

/// <summary>A second WebRTC implementation nobody here wrote (aiortc, Debian python3-aiortc) receives and decodes the demo camera.</summary>
public class AiortcWebRtcTests
{
    [Fact]
    public async Task Aiortc_decodes_frames_of_the_demo_camera()
    {
        await using var server = await WebRtcServer.StartAsync();
        var states = await server.ExecuteAsync("Demo camera");
        var script = Path.Combine(AppContext.BaseDirectory, "aiortc_viewer.py");
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("/usr/bin/python3", // Debian's python, where python3-aiortc lives
           
            [script, states.GetProperty("cameraStreamSignalingUrl").GetString()!, states.GetProperty("cameraStreamAuthToken").GetString()!, server.Devices["Demo camera"], "30"],
            TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, $"aiortc viewer failed ({exit}): {stdout}\n{stderr}");
        Assert.Contains("decoded 30 640x360", stdout, StringComparison.Ordinal);
    }
}
