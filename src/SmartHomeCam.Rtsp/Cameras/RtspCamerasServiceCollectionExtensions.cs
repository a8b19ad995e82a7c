using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartHomeCam.Cameras;

namespace SmartHomeCam.Rtsp.Cameras;

public static class RtspCamerasServiceCollectionExtensions
{
    /// <summary>Registers the generic RTSP camera provider (id <c>rtsp</c>), configured from the <c>Rtsp</c> section.</summary>
    public static IServiceCollection AddRtspCameras(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RtspCamerasOptions>().BindConfiguration(RtspCamerasOptions.Section);
        services.AddSingleton<RtspCameraProvider>();
        services.AddSingleton<ICameraProvider>(sp => sp.GetRequiredService<RtspCameraProvider>());
        return services;
    }
}
