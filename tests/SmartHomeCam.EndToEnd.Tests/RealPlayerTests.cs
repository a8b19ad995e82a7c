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
        await using var browser = await PlayerBrowser.StartAsync();
        var url = await StreamUrls.ExecuteAsync(f);

        // Steady playback: watched from the first second of played media on, not the start-up itself.
        var result = await browser.WatchAsync(player, url, TimeSpan.FromSeconds(10), startTimeout: TimeSpan.FromSeconds(30));

        Assert.True(result.Errors.Length == 0, result.ToString());
        Assert.True(result.Advanced >= 8, $"currentTime should advance ≥ 8 s in 10 s: {result}");
    }
}
