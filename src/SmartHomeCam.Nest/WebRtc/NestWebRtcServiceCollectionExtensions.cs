using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SmartHomeCam.Nest;

public static class NestWebRtcServiceCollectionExtensions
{
    /// <summary>WEB_RTC Nest cameras stream through the in-process receive-only WebRTC peer (section <c>Nest:WebRtc</c>).</summary>
    public static IServiceCollection AddSmartHomeCamNestWebRtc(this IServiceCollection services, IConfiguration nestSection)
    {
        ArgumentNullException.ThrowIfNull(nestSection);
        services.AddOptions<SdmWebRtcOptions>().Bind(nestSection.GetSection(SdmWebRtcOptions.Section));
        services.TryAddSingleton<SdmWebRtcCertificate>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISdmWebRtcSourceFactory, SdmWebRtcSourceFactory>());
        return services;
    }
}
