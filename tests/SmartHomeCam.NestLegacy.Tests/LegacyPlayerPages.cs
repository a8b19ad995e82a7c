using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>
/// tests/web (player.html with hls.js and shaka-player) served from an origin of its own, so the stream is
/// fetched cross-origin as a Cast receiver fetches it, and Debian's Chromium driven by Playwright.
/// </summary>
internal sealed class LegacyPlayerPages : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly IPlaywright playwright;

    private LegacyPlayerPages(WebApplication app, Uri baseAddress, IPlaywright playwright, IBrowser browser)
    {
        this.app = app;
        BaseAddress = baseAddress;
        this.playwright = playwright;
        Browser = browser;
    }

    public Uri BaseAddress { get; }

    public IBrowser Browser { get; }

    public static async Task<LegacyPlayerPages> StartAsync()
    {
        var web = Path.Combine(RepositoryPaths.Root, "tests", "web");
        if (!Directory.Exists(Path.Combine(web, "node_modules", "hls.js")))
        {
            throw new InvalidOperationException("tests/web/node_modules is missing: run ./scripts/test (it runs npm ci there).");
        }

        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium not found at {chromium}; the test script installs Debian's 'chromium' package.");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(web), ServeUnknownFileTypes = true });
        await app.StartAsync();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
            ],
        });
        return new LegacyPlayerPages(app, new Uri(app.Urls.First()), playwright, browser);
    }

    /// <summary>Opens player.html with <paramref name="player"/> (hls or shaka) on <paramref name="stream"/>.</summary>
    public async Task<IPage> OpenAsync(string player, Uri stream)
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(new Uri(BaseAddress, $"player.html?player={player}&src={Uri.EscapeDataString(stream.ToString())}").ToString());
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
