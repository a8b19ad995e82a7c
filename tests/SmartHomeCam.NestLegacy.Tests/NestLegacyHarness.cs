using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Fakes.NestLegacy;
using SmartHomeCam.NestLegacy;
using SmartHomeCam.NestLegacy.Api;
using SmartHomeCam.NestLegacy.Auth;
using SmartHomeCam.NestLegacy.Streaming;
using SmartHomeCam.NestLegacy.Transport;
using SmartHomeCam.Testing;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>The provider's services, configured against a <see cref="FakeNestServer"/>, without the web server.</summary>
internal sealed class NestLegacyHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private NestLegacyHarness(FakeNestServer fake, ServiceProvider services, LogCapture logs)
    {
        Fake = fake;
        this.services = services;
        Logs = logs;
    }

    public FakeNestServer Fake { get; }

    public LogCapture Logs { get; }

    public Guid ConnectionId { get; } = Guid.NewGuid();

    public NestAuthenticator Authenticator => services.GetRequiredService<NestAuthenticator>();

    public NestTokenCache Tokens => services.GetRequiredService<NestTokenCache>();

    public NestTokenRenewer Renewer => services.GetRequiredService<NestTokenRenewer>();

    /// <summary>Stands in for the connection table: which credential each connection has, and the marks the renewer set.</summary>
    public RecordingConnectionDirectory Directory => services.GetRequiredService<RecordingConnectionDirectory>();

    public NestLegacyOptions Options => services.GetRequiredService<IOptions<NestLegacyOptions>>().Value;

    public static async Task<NestLegacyHarness> StartAsync(
        Action<FakeNestServer>? setup = null, IDictionary<string, string?>? overrides = null, TimeProvider? clock = null,
        Func<NestLegacyOptions, NexusTransportFactory>? transports = null)
    {
        var fake = await FakeNestServer.StartAsync();
        setup?.Invoke(fake);
        var settings = fake.ClientSettings("");
        settings["StallTimeout"] = "00:00:02";
        settings["ConnectTimeout"] = "00:00:05";
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var logs = new LogCapture();
        var collection = new ServiceCollection();
        collection.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        collection.AddSingleton(clock ?? TimeProvider.System);
        collection.AddSmartHomeCamNestLegacy(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        collection.AddSingleton<INestConnectionDirectory>(sp => sp.GetRequiredService<RecordingConnectionDirectory>());
        collection.AddSingleton<RecordingConnectionDirectory>();
        if (transports is not null)
        {
            collection.AddSingleton(sp => transports(sp.GetRequiredService<IOptions<NestLegacyOptions>>().Value));
        }

        return new NestLegacyHarness(fake, collection.BuildServiceProvider(), logs);
    }

    public NestLegacyCredentials Google(string? cookie = null) =>
        new(NestAuthKind.GoogleCookie, cookie ?? Fake.Scenario.Cookie, Fake.IssueTokenUrl, null);

    public NestLegacyCredentials Nest(string? token = null) =>
        new(NestAuthKind.NestSession, token ?? Fake.Scenario.NestAccessToken, null, null);

    public NestLegacyCameraSource Source(NestLegacyCredentials? credentials = null) => new(
        new NestStreamTarget(ConnectionId, credentials ?? Google(), FakeNestServer.CameraUuid),
        Tokens,
        services.GetRequiredService<NestCameraApi>(),
        services.GetRequiredService<NexusTransportFactory>(),
        Options,
        TimeProvider.System,
        services.GetRequiredService<ILoggerFactory>().CreateLogger<NestLegacyCameraSource>());

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
