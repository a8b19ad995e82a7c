using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Fakes.Nest;
using SmartHomeCam.Fakes.Nest.WebRtc;
using SmartHomeCam.Nest;

namespace SmartHomeCam.NestWebRtc.Tests;

/// <summary>The Nest module with its real DI registration against the fake SDM, whose WebRTC side is aiortc.</summary>
internal sealed class NestWebRtcHarness : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private NestWebRtcHarness(FakeNestCloud cloud, ServiceProvider services, string refreshToken)
    {
        Cloud = cloud;
        this.services = services;
        RefreshToken = refreshToken;
    }

    public FakeNestCloud Cloud { get; }

    public string RefreshToken { get; }

    public SdmCameraProvider Provider => services.GetRequiredService<SdmCameraProvider>();

    public ProviderConnectionContext Connection =>
        new(Guid.Parse("00000000-0000-0000-0000-0000000000bb"), "user-1", SdmCameraProvider.ProviderId, "Nest", new Dictionary<string, string>(), RefreshToken);

    /// <param name="keyframeInterval">Nest:WebRtc:KeyframeInterval; null: the default, zero: key frames only at the start and after a loss.</param>
    public static async Task<NestWebRtcHarness> StartAsync(FakeNestWebRtcPeer peer, TimeSpan lifetime, TimeSpan extendLead, TimeSpan? keyframeInterval = null)
    {
        var cloud = await FakeNestCloud.StartAsync();
        cloud.WebRtcPeer = peer;
        cloud.StreamLifetime = lifetime;
        cloud.EnforceQuotas = false;
        var settings = cloud.ServerSettings();
        settings["Nest:ExtendLeadTime"] = extendLead.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        settings["Nest:ExecutePerMinute"] = "1000";
        settings["Nest:CommandPerDevicePerMinute"] = "1000";
        settings["Nest:WebRtc:HostAddresses:0"] = "127.0.0.1";
        if (keyframeInterval is { } interval)
        {
            settings["Nest:WebRtc:KeyframeInterval"] = interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection();
        collection.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug));
        collection.AddSmartHomeCamNest(config.GetSection(SdmOptions.Section));
        return new NestWebRtcHarness(cloud, collection.BuildServiceProvider(), cloud.IssueRefreshToken(cloud.DefaultAccount));
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Cloud.DisposeAsync();
    }
}
