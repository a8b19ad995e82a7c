using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.EndToEnd.Tests;

/// <summary>The homeowner's dashboard in real Chromium: cameras listed, demo camera plays in the preview.</summary>
public sealed class DashboardPreviewTests
{
    [Fact]
    public async Task Demo_camera_plays_in_the_dashboard_preview_and_shows_up_as_a_session()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;
        await session.OpenSignedInAsync("/");
        await page.WaitForSelectorAsync("#cameras");
        Assert.Contains("Demo porch camera", await page.InnerTextAsync("#cameras"), StringComparison.Ordinal);

        await page.ClickAsync("button.preview[data-camera='Demo camera']");
        await page.WaitForSelectorAsync("#preview");
        await page.WaitForFunctionAsync("() => document.getElementById('preview').currentTime > 0.5", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var start = await page.EvaluateAsync<double>("() => document.getElementById('preview').currentTime");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var end = await page.EvaluateAsync<double>("() => document.getElementById('preview').currentTime");
        Assert.True(end - start >= 4, $"preview went from {start:0.00} to {end:0.00} s in 5 s");
        Assert.Equal("Live", await page.InnerTextAsync("#preview-status"));
        if (Environment.GetEnvironmentVariable("SHC_SCREENSHOT_DIR") is { Length: > 0 } dir)
        {
            // For a person to look at: SHC_SCREENSHOT_DIR=… dotnet test --filter DashboardPreview
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, "dashboard.png"), FullPage = true });
        }

        await page.GotoAsync(new Uri(session.Server.BaseAddress, "/").ToString());
        Assert.Contains("Live", await page.InnerTextAsync("#sessions"), StringComparison.Ordinal);
    }
}
