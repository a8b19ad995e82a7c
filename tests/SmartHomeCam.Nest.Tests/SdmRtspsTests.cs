using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Fakes.Nest;

namespace SmartHomeCam.Nest.Tests;

/// <summary>The production RTSP client over TLS against the fake Nest stream server (test CA, token checks, strict cut).</summary>
public sealed class SdmRtspsTests
{
    [Fact]
    public async Task Over_real_rtsps_a_stream_survives_three_strict_extensions_without_a_discontinuity()
    {
        await using var cloud = await FakeNestCloud.StartAsync();
        cloud.StreamLifetime = TimeSpan.FromSeconds(5);
        cloud.EnforceQuotas = false;
        await using var rtsps = await FakeNestRtspsServer.StartAsync(cloud);
        var settings = cloud.ServerSettings();
        settings["Nest:ExtendLeadTime"] = "00:00:02";
        settings["Nest:CommandPerDevicePerMinute"] = "1000";
        settings["Nest:ExecutePerMinute"] = "1000";
        var collection = new ServiceCollection();
        collection.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug));
        collection.AddSmartHomeCamNest(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Nest"));
        collection.PostConfigure<SdmOptions>(o => o.RtspCertificateValidation = rtsps.CertificateValidation);
        await using var services = collection.BuildServiceProvider();
        var provider = services.GetRequiredService<SdmCameraProvider>();
        var connection = new ProviderConnectionContext(Guid.NewGuid(), "u", "nest", "Nest", new Dictionary<string, string>(), cloud.IssueRefreshToken(cloud.DefaultAccount));
        await provider.ListAsync(connection, CancellationToken.None);

        await using var source = (SdmRtspSource)provider.CreateSource(connection, "rtsp-cam");
        var tracks = await source.OpenAsync(CancellationToken.None);
        Assert.True(tracks.HasAudio);
        var frames = await SdmStreamTests.ReadForAsync(source, TimeSpan.FromSeconds(13));
        Assert.True(Assert.Single(cloud.Streams).Extensions >= 3);
        Assert.True(source.Splices >= 3, $"splices: {source.Splices}");
        Assert.Equal(0, source.Discontinuities);
        Assert.DoesNotContain(frames, f => f.Discontinuity);
        SdmStreamTests.AssertContinuous(frames);
    }

    [Fact]
    public async Task Over_real_rtsps_an_unknown_token_is_refused_at_describe()
    {
        await using var cloud = await FakeNestCloud.StartAsync();
        await using var rtsps = await FakeNestRtspsServer.StartAsync(cloud);
        var client = new SmartHomeCam.Rtsp.RtspCameraSource(new SmartHomeCam.Rtsp.RtspSourceOptions(new Uri($"rtsps://{cloud.RtspAuthority}/sdm_live_stream/nope?auth=bad"))
        {
            ServerCertificateValidation = rtsps.CertificateValidation,
        });
        await using (client)
        {
            var e = await Assert.ThrowsAsync<SmartHomeCam.Cameras.CameraSourceException>(() => client.OpenAsync(CancellationToken.None).AsTask());
            Assert.Equal(404, Assert.IsType<SmartHomeCam.Rtsp.RtspStatusException>(e.InnerException).StatusCode);
        }
    }
}
