using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;
using SmartHomeCam.Fakes.NestLegacy;
using SmartHomeCam.Testing;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>
/// The real server with a legacy Nest account linked against the fake: the stream URL from a real EXECUTE plays
/// in hls.js and in shaka-player (the Cast receiver's player family) in headless Chromium, side by side, for ten
/// seconds of media each.
/// </summary>
public sealed class BrowserPlaybackTests
{
    [Fact]
    public async Task A_legacy_nest_camera_plays_in_hls_js_and_shaka_in_chromium_for_ten_seconds()
    {
        await using var fake = await FakeNestServer.StartAsync();
        fake.Scenario.Burst = 5; // arrival in bunches: the players must still see the camera's even clock
        await using var f = await FulfillmentServer.StartAsync(fake.ClientSettings());
        var user = await f.Server.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(f.Email);
        var fields = new Dictionary<string, string> { ["method"] = "google", ["issue_token_url"] = fake.IssueTokenUrl.ToString() };
        await f.Server.Services.GetRequiredService<ConnectionManager>()
            .AddAsync(user!.Id, NestLegacyCameraProvider.ProviderId, new ConnectionRequest("Home", fields, fake.Scenario.Cookie), CancellationToken.None);

        var id = (await f.DeviceIdsAsync())["Front Door"];
        var (_, body) = await f.Client.PostAsync(FulfillmentClient.Execute(id));
        var url = new Uri(JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0]
            .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);

        await using var pages = await PlayerBrowser.StartAsync();
        var results = await Task.WhenAll(PlayAsync(pages, "hls", url), PlayAsync(pages, "shaka", url));
        foreach (var (name, errors, advanced, width) in results)
        {
            Assert.True(errors.Length == 0, $"{name}: {string.Join("; ", errors)}");
            Assert.True(advanced >= 8, $"{name}: currentTime advanced {advanced:0.00} s in 10 s");
            Assert.Equal(640, width); // the demo clip the fake camera streams is 640×360
        }
    }

    private static async Task<(string Name, string[] Errors, double Advanced, int Width)> PlayAsync(PlayerBrowser pages, string player, Uri url)
    {
        var page = await pages.OpenAsync(player, url);
        var wait = new PageWaitForFunctionOptions { Timeout = 40_000 };
        await page.WaitForFunctionAsync("() => window.report.started || window.report.errors.length > 0", null, wait);
        // Steady playback from the first played second on, not the start-up itself.
        await page.WaitForFunctionAsync("() => document.getElementById('video').currentTime >= 1 || window.report.errors.length > 0", null, wait);
        var start = await page.EvaluateAsync<double>("() => document.getElementById('video').currentTime");
        await Task.Delay(TimeSpan.FromSeconds(10));
        var end = await page.EvaluateAsync<double>("() => document.getElementById('video').currentTime");
        return (
            await page.EvaluateAsync<string>("() => window.report.player"),
            await page.EvaluateAsync<string[]>("() => window.report.errors"),
            end - start,
            await page.EvaluateAsync<int>("() => document.getElementById('video').videoWidth"));
    }
}
