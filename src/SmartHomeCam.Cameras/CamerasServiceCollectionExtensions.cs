using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Cameras.Hosting;

namespace SmartHomeCam.Cameras;

public static class CamerasServiceCollectionExtensions
{
    /// <summary>
    /// The catalog, connections, events and the demo provider. A new provider registers itself as an
    /// <see cref="ICameraProvider"/> singleton; consumers of events as <see cref="ICameraEventSubscriber"/>s.
    /// </summary>
    public static IServiceCollection AddSmartHomeCamCameras(this IServiceCollection services, IConfiguration camerasSection)
    {
        ArgumentNullException.ThrowIfNull(camerasSection);
        services.AddMemoryCache();
        services.AddOptions<CameraCatalogOptions>().Bind(camerasSection);
        services.AddOptions<DemoCameraOptions>().Bind(camerasSection.GetSection("Demo"));
        services.AddOptions<CameraEventOptions>().Bind(camerasSection.GetSection("Events"));

        services.AddSingleton<DemoCameraProvider>();
        services.AddSingleton<ICameraProvider>(sp => sp.GetRequiredService<DemoCameraProvider>());
        services.AddSingleton<DemoEventRaiser>();

        services.AddSingleton<CameraListingCache>();
        services.AddSingleton<DeviceIdRegistry>();
        services.AddSingleton<CameraCatalog>();
        services.AddSingleton<ICameraCatalog>(sp => sp.GetRequiredService<CameraCatalog>());
        services.AddSingleton<CameraOwnerSettings>();

        services.AddSingleton<ConnectionCredentialProtector>();
        services.AddSingleton<ProviderConnectionStore>();
        services.AddSingleton<ConnectionManager>();

        services.AddSingleton<CameraEventSignal>();
        services.AddSingleton<CameraEventOutbox>();
        services.AddSingleton<ICameraEventPublisher>(sp => sp.GetRequiredService<CameraEventOutbox>());
        services.AddSingleton<CameraEventLog>();
        services.AddSingleton<CameraEventDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<CameraEventDispatcher>());

        services.AddSingleton<CameraProviderHost>();
        services.AddHostedService(sp => sp.GetRequiredService<CameraProviderHost>());
        return services;
    }
}
