using SmartHomeCam.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SmartHomeCam.Cameras;
using SmartHomeCam.Coordination;
using SmartHomeCam.Data;

namespace SmartHomeCam.Streaming.Tests;

/// <summary>
/// The streaming module on its own: its real registrations over a fake catalog, in-memory coordination, a
/// SQLite database in a private directory and a <see cref="FakeTimeProvider"/>; no web server, no OAuth.
/// Its hosted services are started and stopped in the order the host would.
/// </summary>
public sealed class StreamingModule : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly List<IHostedService> started = [];

    private StreamingModule(ServiceProvider services, string dataDirectory, FakeTimeProvider clock, FakeCatalog catalog)
    {
        this.services = services;
        DataDirectory = dataDirectory;
        Clock = clock;
        Catalog = catalog;
    }

    public string DataDirectory { get; }

    public FakeTimeProvider Clock { get; }

    public FakeCatalog Catalog { get; }

    public IServiceProvider Services => services;

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    public static async Task<StreamingModule> StartAsync(
        string? dataDirectory = null, FakeTimeProvider? clock = null, FakeCatalog? catalog = null, IDictionary<string, string?>? settings = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "shc-streaming-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        clock ??= new FakeTimeProvider(DateTimeOffset.UtcNow);
        catalog ??= new FakeCatalog();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IdleTimeout"] = "00:01:00",
            ["RestartDelayMin"] = "00:00:01",
            ["RestartDelayMax"] = "00:00:02",
        }.Concat(settings ?? new Dictionary<string, string?>())).Build();

        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddSingleton<ICoordination>(new InMemoryCoordination(clock));
        collection.AddSingleton<ICameraCatalog>(catalog);
        collection.AddSmartHomeCamData(new DatabaseOptions(), dataDirectory);
        collection.AddDataProtection().SetApplicationName("SmartHomeCam.Tests")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        collection.AddSmartHomeCamStreaming(config, dataDirectory);
        var provider = collection.BuildServiceProvider();

        await using (var scope = provider.CreateAsyncScope())
        {
            await DatabaseInitializer.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        }

        var module = new StreamingModule(provider, dataDirectory, clock, catalog);
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
            module.started.Add(hosted);
        }

        return module;
    }

    /// <summary>Stops like a host does (reverse order) without deleting the data directory, for restart tests.</summary>
    public async Task StopAsync()
    {
        for (var i = started.Count - 1; i >= 0; i--)
        {
            await started[i].StopAsync(CancellationToken.None);
        }

        started.Clear();
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        if (started.Count > 0)
        {
            await StopAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    /// <summary>Polls (in real time: the demo source plays in real time) until the condition holds.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, int seconds = 15, Action? eachPoll = null) =>
        Poll.UntilAsync(condition, TimeSpan.FromSeconds(seconds), eachPoll: eachPoll);
}
