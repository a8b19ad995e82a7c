using System.Text.Json;
using Microsoft.Playwright;
using SmartHomeCam.Rtsp.Tests;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Arlo.Tests;

/// <summary>
/// The whole Arlo path in real Chromium: the fake camera registers with our basestation, the owner claims it on
/// the dashboard's /arlo page, SYNC lists it, EXECUTE hands out HLS that ffmpeg decodes and hls.js and shaka play
/// with sound, while the camera's 6 s receiver-report rule never fires.
/// </summary>
public sealed class ArloBrowserPlaybackTests(FakeRtspFixture clips) : IClassFixture<FakeRtspFixture>
{
    [Fact]
    public async Task A_camera_claimed_on_the_dashboard_plays_in_hls_js_and_shaka_with_sound()
    {
        await using var h = await ArloHarness.StartAsync(clips.Media);
        await ClaimOnDashboardAsync(h, "Back garden", "Garden");

        var (_, sync) = await h.Server.Client.PostAsync(FulfillmentClient.Sync());
        using var devices = JsonDocument.Parse(sync);
        var device = devices.RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .Single(d => d.GetProperty("name").GetProperty("name").GetString() == "Back garden");
        Assert.Equal("action.devices.types.CAMERA", device.GetProperty("type").GetString());
        Assert.Equal("Garden", device.GetProperty("roomHint").GetString());

        var (_, execute) = await h.Server.Client.PostAsync(FulfillmentClient.Execute(device.GetProperty("id").GetString()!));
        using var answer = JsonDocument.Parse(execute);
        var url = new Uri(answer.RootElement.GetProperty("payload").GetProperty("commands")[0].GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);

        var probe = await ChromiumPlayback.RecordAndDecodeAsync(url);
        Assert.Equal("h264", probe.PrimaryVideoStream?.CodecName);
        Assert.Equal("aac", probe.PrimaryAudioStream?.CodecName);
        await ChromiumPlayback.AssertBothPlayersPlayWithSoundAsync(url, TimeSpan.FromSeconds(6));

        Assert.Equal(1, h.Camera.Rtsp.Counters.StreamsStarted); // one reader for every viewer, never cut and reopened
        Assert.Empty(h.Camera.Rtsp.Counters.Ends);
        Assert.Equal(0, h.Camera.RtcpDisconnects);
    }

    /// <summary>Signs in on /arlo in Chromium and submits the camera's claim form, as the owner would.</summary>
    private static async Task ClaimOnDashboardAsync(ArloHarness h, string name, string room)
    {
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(h.Server.Server.BaseAddress, "/arlo").ToString());
        await DashboardSignIn.SignInAsync(page, h.Server.Email, TestAccounts.Password);
        var form = page.Locator($"form[data-form='claim-{h.Camera.Serial}']");
        await form.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await form.Locator("input[name='name']").FillAsync(name);
        await form.Locator("input[name='room']").FillAsync(room);
        await form.Locator("button[type='submit']").ClickAsync();
        await page.Locator($"tr[data-serial='{h.Camera.Serial}']").GetByText("claimed").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
    }
}
