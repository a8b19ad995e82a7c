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
/// Headless Chromium (<see cref="HeadlessChromium"/>) and tests/web (player.html with the npm-installed hls.js and
/// shaka-player) served from an origin of its own, so the stream is fetched cross-origin as a Cast receiver would.
/// Every HLS player test uses it.
/// </summary>
public sealed class PlayerBrowser : IAsyncDisposable
{
    private readonly HeadlessChromium chromium;
    private readonly WebApplication players;

    private PlayerBrowser(HeadlessChromium chromium, WebApplication players, Uri playerBase)
    {
        this.chromium = chromium;
        this.players = players;
        PlayerBase = playerBase;
    }

    public IBrowser Browser => chromium.Browser;

    public Uri PlayerBase { get; }

    public static async Task<PlayerBrowser> StartAsync()
    {
        var web = Path.Combine(RepositoryPaths.Root, "tests", "web");
        if (!Directory.Exists(Path.Combine(web, "node_modules", "hls.js")))
        {
            throw new InvalidOperationException("tests/web/node_modules is missing: run ./scripts/test (it runs npm ci there).");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(web), ServeUnknownFileTypes = true });
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new PlayerBrowser(await HeadlessChromium.LaunchAsync(), app, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
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

    /// <summary>The player page's video position in seconds.</summary>
    public static Task<double> CurrentTimeAsync(IPage page) =>
        Require(page).EvaluateAsync<double>("() => document.getElementById('video').currentTime");

    /// <summary>The player's fatal errors so far (empty while it plays).</summary>
    public static Task<string[]> ErrorsAsync(IPage page) => Require(page).EvaluateAsync<string[]>("() => window.report.errors");

    /// <summary>Errors the player recovered from on its own (stalls, retried fetches).</summary>
    public static Task<string[]> RecoveredAsync(IPage page) => Require(page).EvaluateAsync<string[]>("() => window.report.recovered || []");

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
            await WaitForPositionAsync(page, seconds, TimeSpan.FromSeconds(45));
            var errors = await ErrorsAsync(page);
            var name = await page.EvaluateAsync<string>("() => window.report.player");
            return (name, errors.Length == 0 ? errors : [.. errors, .. console], await CurrentTimeAsync(page));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>
    /// Waits until <paramref name="player"/> has played <paramref name="startAt"/> seconds of <paramref name="stream"/>,
    /// then watches it for <paramref name="watch"/>: how far it advanced, its errors, its tracks and how many bytes
    /// Chromium's audio decoder consumed (the sound is decoded, not only declared).
    /// </summary>
    public async Task<PlaybackResult> WatchAsync(string player, Uri stream, TimeSpan watch, double startAt = 1, TimeSpan? startTimeout = null)
    {
        var page = await Browser.NewPageAsync();
        try
        {
            var console = new List<string>();
            page.Console += (_, message) => console.Add(message.Text);
            await page.GotoAsync(PlayerUrl(player, stream).ToString());
            await WaitForPositionAsync(page, startAt, startTimeout ?? TimeSpan.FromSeconds(60));
            var start = await CurrentTimeAsync(page);
            if ((await ErrorsAsync(page)).Length == 0)
            {
                await Task.Delay(watch);
            }

            var errors = await ErrorsAsync(page);
            return new PlaybackResult(
                await page.EvaluateAsync<string>("() => window.report.player || ''"),
                start,
                await CurrentTimeAsync(page),
                errors.Length == 0 ? errors : [.. errors, .. console],
                await RecoveredAsync(page),
                await page.EvaluateAsync<long>("() => document.getElementById('video').webkitAudioDecodedByteCount || 0"),
                await page.EvaluateAsync<string[]>("() => (window.report.tracks || []).map(t => t.type + ' ' + t.codec)"));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Waits until the video reaches <paramref name="seconds"/> or the player reports a fatal error.</summary>
    public static Task WaitForPositionAsync(IPage page, double seconds, TimeSpan timeout) =>
        Require(page).WaitForFunctionAsync(
            $"() => document.getElementById('video').currentTime >= {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} || window.report.errors.length > 0",
            null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds });

    public async ValueTask DisposeAsync()
    {
        await chromium.DisposeAsync();
        await players.StopAsync();
        await players.DisposeAsync();
    }

    private static IPage Require(IPage page) => page ?? throw new ArgumentNullException(nameof(page));
}
