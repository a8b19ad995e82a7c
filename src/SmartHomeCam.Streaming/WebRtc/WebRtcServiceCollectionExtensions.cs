using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmartHomeCam.Streaming.WebRtc;

public static class WebRtcServiceCollectionExtensions
{
    /// <summary>WebRTC for Google's displays; needs the streaming module.</summary>
    public static IServiceCollection AddSmartHomeCamWebRtc(this IServiceCollection services, IConfiguration webRtcSection, string? publicBaseUrl)
    {
        services.AddOptions<WebRtcOptions>().Bind(webRtcSection);
        services.AddSingleton(new WebRtcPublication(!string.IsNullOrWhiteSpace(publicBaseUrl)));
        services.AddSingleton<WebRtcHost>();
        services.AddSingleton<IWebRtcAvailability>(sp => sp.GetRequiredService<WebRtcHost>());
        services.AddHostedService(sp => sp.GetRequiredService<WebRtcHost>());
        return services;
    }
}
