using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Testing;

namespace SmartHomeCam.EndToEnd.Tests;

/// <summary>
/// Serves tests/web (the player page and the npm-installed players) from its own origin, so the stream is
/// fetched cross-origin exactly as a Cast receiver would fetch it.
/// </summary>
public sealed class PlayerPageHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private PlayerPageHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<PlayerPageHost> StartAsync()
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
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PlayerPageHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
