using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Demo;

namespace SmartHomeCam.Cameras;

public static class CamerasServiceCollectionExtensions
{
    public static IServiceCollection AddSmartHomeCamCameras(this IServiceCollection services, IConfiguration camerasSection)
    {
        ArgumentNullException.ThrowIfNull(camerasSection);
        services.AddMemoryCache();
        services.AddOptions<CameraCatalogOptions>().Bind(camerasSection);
        services.AddOptions<DemoCameraOptions>().Bind(camerasSection.GetSection("Demo"));
        services.AddSingleton<ICameraProvider, DemoCameraProvider>();
        services.AddSingleton<ICameraCatalog, CameraCatalog>();
        return services;
    }
}
