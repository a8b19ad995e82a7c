using System.Net;
using FFMpegCore;
using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Nest.Tests;

/// <summary>
/// The whole Nest path in a real browser: the owner links a (fake) Nest account through the real pages in Chromium,
/// Google SYNCs and EXECUTEs, and the HLS URL plays in hls.js or shaka-player across live-stream extensions (5 s
/// streams against the strict fake, so an extension every few seconds) without a player error or a stall; ffmpeg
/// decodes the same URL.
/// </summary>
public sealed class NestPlayerTests
{
    [Theory]
    [InlineData("hls")]
    [InlineData("shaka")]
    public async Task A_nest_camera_linked_in_chromium_plays_across_extensions_and_ffmpeg_decodes_it(string player)
    {
        await using var s = await NestTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Nest:ExtendLeadTime"] = "00:00:02",
            ["Nest:CommandPerDevicePerMinute"] = "1000",
            ["Nest:ExecutePerMinute"] = "1000",
        }, c => { c.StreamLifetime = TimeSpan.FromSeconds(5); c.EnforceQuotas = false; });
        await using var chromium = await PlayerBrowser.StartAsync();
        var page = await chromium.Browser.NewPageAsync();

        // Link through the real pages: sign in, /nest, "Link a Nest account", Google's consent (the fake approves), back.
        await page.GotoAsync(new Uri(s.Server.BaseAddress, "/nest").ToString());
        await page.FillAsync("#email", s.Email);
        await page.FillAsync("#password", TestAccounts.Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForSelectorAsync("#link-nest");
        await page.FillAsync("#name", "Browser Nest");
        await page.ClickAsync("#link-nest button[type=submit]");
        await page.WaitForURLAsync(u => u.Contains("/nest?linked=", StringComparison.Ordinal));
        Assert.Contains("Linked Browser Nest: 5 camera(s) shared.", await page.InnerTextAsync("#message"), StringComparison.Ordinal);
        Assert.Contains("Homes shared: Home", await page.ContentAsync(), StringComparison.Ordinal);

        using var google = await s.LinkGoogleAsync();
        var porch = (await NestTestServer.SyncAsync(google))["Porch cam"].GetProperty("id").GetString()!;
        var (url, error) = await NestTestServer.ExecuteAsync(google, porch);
        Assert.True(url is not null, error);

        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);
        await page.GotoAsync(chromium.PlayerUrl(player, url).ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('video').currentTime >= 1 || window.report.errors.length > 0", null,
            new PageWaitForFunctionOptions { Timeout = 30_000 });
        var extensionsBefore = s.Cloud.Streams.Sum(x => x.Extensions);
        var start = await page.EvaluateAsync<double>("() => document.getElementById('video').currentTime");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // Play until the stream has been extended twice more (each one a new RTSP session spliced in), 40 s at most.
        await Poll.UntilAsync(() => s.Cloud.Streams.Sum(x => x.Extensions) >= extensionsBefore + 2, TimeSpan.FromSeconds(40), "two extensions during playback");
        await Task.Delay(TimeSpan.FromSeconds(3)); // and the segments after the second one reach the player
        var end = await page.EvaluateAsync<double>("() => document.getElementById('video').currentTime");
        var played = watch.Elapsed.TotalSeconds;
        var errors = await page.EvaluateAsync<string[]>("() => window.report.errors");
        var name = await page.EvaluateAsync<string>("() => window.report.player");

        Assert.True(errors.Length == 0, $"{name}: {string.Join("; ", errors)}\n{string.Join('\n', console)}");
        Assert.True(end - start >= played - 2.5, $"{name}: currentTime went from {start:0.00} to {end:0.00} in {played:0.0} s: it stalled");
        Assert.Equal(0, s.Rtsp.Cuts); // every old session was replaced before the fake cut it
        using (var http = s.Server.CreateClient())
        {
            using var live = await http.GetAsync(new Uri(url, "live.m3u8"));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.DoesNotContain("#EXT-X-DISCONTINUITY", await live.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var analysis = await FFProbe.AnalyseAsync(url);
        Assert.Equal("h264", analysis.PrimaryVideoStream?.CodecName);
        var decode = await FfmpegOracle.DecodeAsync(url.ToString(), TimeSpan.FromSeconds(3));
        Assert.True(decode.Success && string.IsNullOrWhiteSpace(decode.Errors()), decode.Errors());
    }
}
