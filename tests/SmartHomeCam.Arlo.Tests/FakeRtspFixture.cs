using SmartHomeCam.Fakes.Rtsp;

namespace SmartHomeCam.Arlo.Tests;

/// <summary>The clips the RTSP tests play, encoded once per run by ffmpeg.</summary>
public sealed class FakeRtspFixture : IAsyncLifetime
{
    public FakeRtspMedia Media { get; private set; } = null!;

    /// <summary>A low-bitrate clip: ffmpeg's RTCP cadence (one RR per ~280 kB received) then leaves gaps far above 6 s.</summary>
    public FakeRtspMedia LowRate { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Media = await FakeRtspMedia.GenerateAsync(new FakeRtspMediaSpec());
        LowRate = await FakeRtspMedia.GenerateAsync(new FakeRtspMediaSpec(Width: 320, Height: 180, BitrateKbps: 100, Audio: false));
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
