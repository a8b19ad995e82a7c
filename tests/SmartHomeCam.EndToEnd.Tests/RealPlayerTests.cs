using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.EndToEnd.Tests;

/// <summary>hls.js and shaka-player (the Cast receiver's player family) play our stream in real headless Chromium.</summary>
public sealed class RealPlayerTests
{
    [Theory]
    [InlineData("hls")]
    [InlineData("shaka")]
    public async Task Player_plays_the_live_stream_with_time_advancing_and_no_error(string player)
    {
        await using var f = await FulfillmentServer.StartAsync();
        await using var pages = await PlayerPageHost.StartAsync();
        var url = await StreamUrls.ExecuteAsync(f);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);

        await page.GotoAsync(new Uri(pages.BaseAddress, $"player.html?player={player}&src={Uri.EscapeDataString(url.ToString())}").ToString());
        await page.WaitForFunctionAsync("() => window.report.started || window.report.errors.length > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        // Measure steady playback: from the first second of played media on, not the start-up itself.
        await page.WaitForFunctionAsync("() => document.getElementById('video').currentTime >= 1 || window.report.errors.length > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        var start = await page.EvaluateAsync<double>("() => document.getElementById('video').currentTime");
        await Task.Delay(TimeSpan.FromSeconds(10));
        var end = await page.EvaluateAsync<double>("() => document.getElementById('video').currentTime");
        var errors = await page.EvaluateAsync<string[]>("() => window.report.errors");
        var name = await page.EvaluateAsync<string>("() => window.report.player");
        var recovered = await page.EvaluateAsync<string[]>("() => window.report.recovered");

        Assert.True(errors.Length == 0, $"{name}: {string.Join("; ", errors)}\nrecovered: {string.Join("; ", recovered)}\n{string.Join('\n', console)}");
        Assert.True(end - start >= 8, $"{name}: currentTime went from {start:0.00} to {end:0.00} in 10 s (recovered: {string.Join("; ", recovered)})");
    }
}
