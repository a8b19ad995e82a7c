using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Server.Hosting;

namespace SmartHomeCam.Testing;

/// <summary>
/// The real server, built by the production composition root, listening on a free loopback port with a
/// private data directory. Tests talk to it over real sockets.
/// </summary>
public sealed class ServerInstance : IAsyncDisposable
{
    public const string ProjectId = "test-project";
    public const string ClientId = "google-home";
    public const string ClientSecret = "test-client-secret-0123456789";
    public const string RedirectUri = "https://oauth-redirect.googleusercontent.com/r/" + ProjectId;
    public const string SandboxRedirectUri = "https://oauth-redirect-sandbox.googleusercontent.com/r/" + ProjectId;

    private readonly WebApplication app;

    private ServerInstance(WebApplication app, Uri baseAddress, string dataDirectory, LogCapture logs)
    {
        this.app = app;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        Logs = logs;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public LogCapture Logs { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>Set to false to restart a server on the same data directory (persistence tests).</summary>
    public bool DeleteDataOnDispose { get; set; } = true;

    public static async Task<ServerInstance> StartAsync(
        IDictionary<string, string?>? overrides = null, string? dataDirectory = null, TimeProvider? clock = null,
        Action<IServiceCollection>? services = null, LogLevel minimumLevel = LogLevel.Debug)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "shc-test-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["SmartHomeCam:Port"] = "0",
            ["SmartHomeCam:DataDirectory"] = dataDirectory,
            ["Google:ProjectId"] = ProjectId,
            ["Google:ClientId"] = ClientId,
            ["Google:ClientSecret"] = ClientSecret,
            ["OAuth:TokenRequestsPerMinute"] = "10000",
            ["OAuth:SignInAttemptsPerMinutePerIp"] = "10000",
            ["OAuth:SignInAttemptsPerAccount"] = "10000",
            ["Cameras:Demo:Enabled"] = "true",
            ["Streaming:RestartDelayMin"] = "00:00:00.020",
            ["Streaming:RestartDelayMax"] = "00:00:00.200",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var logs = new LogCapture();
        var app = SmartHomeCamApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(minimumLevel);
            builder.Logging.AddProvider(logs);
            services?.Invoke(builder.Services);
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }
        });
        await SmartHomeCamApp.InitializeAsync(app).ConfigureAwait(false);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServerInstance(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), dataDirectory, logs);
    }

    /// <summary>A browser-like client: keeps cookies, never follows redirects (tests inspect each hop).</summary>
    public HttpClient CreateClient(CookieContainer? cookies = null)
    {
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = cookies ?? new CookieContainer(),
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!DeleteDataOnDispose)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
