using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Nest.Tests;

/// <summary>
/// Debian's Chromium under Playwright (never a downloaded browser), and tests/web (player.html with the npm-installed
/// hls.js and shaka-player) served from its own origin, so the stream is fetched cross-origin as a Cast receiver would.
/// </summary>
internal sealed class NestChromium : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly WebApplication players;

    private NestChromium(IPlaywright playwright, IBrowser browser, WebApplication players, Uri playerBase)
    {
        this.playwright = playwright;
        Browser = browser;
        this.players = players;
        PlayerBase = playerBase;
    }

    public IBrowser Browser { get; }

    public Uri PlayerBase { get; }

    public static async Task<NestChromium> StartAsync()
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
        return new NestChromium(playwright, browser, app, new Uri(address.TrimEnd('/') + "/"));
    }

    public Uri PlayerUrl(string player, Uri stream) => new(PlayerBase, $"player.html?player={player}&src={Uri.EscapeDataString(stream.ToString())}");

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        await players.StopAsync();
        await players.DisposeAsync();
    }
}
