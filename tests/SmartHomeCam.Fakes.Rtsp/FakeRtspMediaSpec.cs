namespace SmartHomeCam.Fakes.Rtsp;

/// <summary>Parameters of a generated test clip: what a camera of this kind would send.</summary>
public sealed record FakeRtspMediaSpec(
    int Width = 640,
    int Height = 360,
    int Fps = 25,
    int Gop = 25,
    int BitrateKbps = 400,
    int Seconds = 4,
    bool Audio = true,
    int SampleRate = 48_000);
