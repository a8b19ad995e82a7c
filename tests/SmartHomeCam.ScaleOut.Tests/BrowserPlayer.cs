using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.ScaleOut.Tests;

/// <summary>
/// hls.js in Debian's headless Chromium (Playwright, no downloaded browser) playing a stream URL from tests/web's
/// player page, served from an origin of its own so the stream is fetched cross-origin as a Cast receiver does.
/// </summary>
public sealed class BrowserPlayer : IAsyncDisposable
{
    private readonly WebApplication pages;
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private BrowserPlayer(WebApplication pages, IPlaywright playwright, IBrowser browser, IPage page)
    {
        this.pages = pages;
        this.playwright = playwright;
        this.browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<BrowserPlayer> PlayAsync(Uri stream)
    {
        var web = RepositoryPaths.Inside("tests", "web");
        if (!Directory.Exists(Path.Combine(web, "node_modules", "hls.js")))
        {
            throw new InvalidOperationException("tests/web/node_modules is missing: run ./scripts/test (it runs npm ci there).");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var pages = builder.Build();
        pages.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(web), ServeUnknownFileTypes = true });
        await pages.StartAsync();
        var origin = new Uri(pages.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--autoplay-policy=no-user-gesture-required"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(origin, "player.html?player=hls&src=" + Uri.EscapeDataString(stream.AbsoluteUri)).AbsoluteUri);
        return new BrowserPlayer(pages, playwright, browser, page);
    }

    public Task<double> CurrentTimeAsync() => Page.EvaluateAsync<double>("() => document.getElementById('video').currentTime");

    public Task<string[]> FatalErrorsAsync() => Page.EvaluateAsync<string[]>("() => window.report.errors");

    public Task<string[]> RecoveredAsync() => Page.EvaluateAsync<string[]>("() => window.report.recovered");

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await pages.StopAsync();
        await pages.DisposeAsync();
    }
}
