using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Fakes.Nest;
using SmartHomeCam.Nest;

namespace SmartHomeCam.Nest.Tests;

/// <summary>The Nest module alone (its real DI registration, real HTTP) against the fake Google cloud and the fake RTSP servers.</summary>
internal sealed class SdmHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private SdmHarness(FakeNestCloud cloud, FakeNestRtspConnector rtsp, ServiceProvider services, string refreshToken)
    {
        Cloud = cloud;
        Rtsp = rtsp;
        this.services = services;
        RefreshToken = refreshToken;
    }

    public FakeNestCloud Cloud { get; }

    public FakeNestRtspConnector Rtsp { get; }

    public string RefreshToken { get; }

    public SdmCameraProvider Provider => Get<SdmCameraProvider>();

    public ProviderConnectionContext Connection =>
        new(Guid.Parse("00000000-0000-0000-0000-0000000000aa"), "user-1", SdmCameraProvider.ProviderId, "Nest", new Dictionary<string, string>(), RefreshToken);

    public static async Task<SdmHarness> StartAsync(IDictionary<string, string?>? overrides = null, Action<FakeNestCloud>? setUp = null)
    {
        var cloud = await FakeNestCloud.StartAsync();
        setUp?.Invoke(cloud);
        var rtsp = new FakeNestRtspConnector(cloud);
        var settings = cloud.ServerSettings();
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection();
        collection.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug));
        collection.AddSingleton<ISdmRtspConnector>(rtsp);
        collection.AddSmartHomeCamNest(config.GetSection(SdmOptions.Section));
        return new SdmHarness(cloud, rtsp, collection.BuildServiceProvider(), cloud.IssueRefreshToken(cloud.DefaultAccount));
    }

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Cloud.DisposeAsync();
    }
}
