using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace SmartHomeCam.Testing;

/// <summary>
/// Debian's Chromium under Playwright and tests/web (player.html with the npm-installed hls.js and shaka-player)
/// served from an origin of its own, so the stream is fetched cross-origin as a Cast receiver would. (The Nest, Nest
/// WebRTC and legacy Nest players use it; the older player harnesses of other suites are still their own.)
/// </summary>
public sealed class PlayerBrowser : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly WebApplication players;

    private PlayerBrowser(IPlaywright playwright, IBrowser browser, WebApplication players, Uri playerBase)
    {
        this.playwright = playwright;
        Browser = browser;
        this.players = players;
        PlayerBase = playerBase;
    }

    public IBrowser Browser { get; }

    public Uri PlayerBase { get; }

    public static async Task<PlayerBrowser> StartAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        var web = Path.Combine(RepositoryPaths.Root, "tests", "web");
        if (!File.Exists(executable) || !Directory.Exists(Path.Combine(web, "node_modules", "hls.js")))
        {
            throw new InvalidOperationException($"Chromium ({executable}) or tests/web/node_modules is missing: run ./scripts/test (it installs both).");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(web), ServeUnknownFileTypes = true });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
            ],
        });
        return new PlayerBrowser(playwright, browser, app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>The test page playing <paramref name="stream"/> in <paramref name="player"/> (hls or shaka).</summary>
    public Uri PlayerUrl(string player, Uri stream) => new(PlayerBase, $"player.html?player={player}&src={Uri.EscapeDataString(stream.ToString())}");

    /// <summary>A new page playing <paramref name="stream"/> in <paramref name="player"/>; the caller closes it.</summary>
    public async Task<IPage> OpenAsync(string player, Uri stream)
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(PlayerUrl(player, stream).ToString());
        return page;
    }

    /// <summary>
    /// Plays <paramref name="stream"/> in <paramref name="player"/> (hls or shaka) until the video has advanced by
    /// <paramref name="seconds"/>; returns the player's name and its fatal errors (empty when it played).
    /// </summary>
    public async Task<(string Player, string[] Errors, double Played)> PlayAsync(string player, Uri stream, double seconds)
    {
        var page = await Browser.NewPageAsync();
        try
        {
            var console = new List<string>();
            page.Console += (_, message) => console.Add(message.Text);
            await page.GotoAsync(PlayerUrl(player, stream).ToString());
            await page.WaitForFunctionAsync(
                $"() => document.getElementById('video').currentTime >= {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} || window.report.errors.length > 0",
                null, new PageWaitForFunctionOptions { Timeout = 45_000 });
            var errors = await page.EvaluateAsync<string[]>("() => window.report.errors");
            var name = await page.EvaluateAsync<string>("() => window.report.player");
            var played = await page.EvaluateAsync<double>("() => document.getElementById('video').currentTime");
            return (name, errors.Length == 0 ? errors : [.. errors, .. console], played);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        await players.StopAsync();
        await players.DisposeAsync();
    }
}
