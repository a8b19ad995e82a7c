using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming;

public static class StreamingServiceCollectionExtensions
{
    public static IServiceCollection AddSmartHomeCamStreaming(this IServiceCollection services, IConfiguration streamingSection, string dataDirectory)
    {
        services.AddOptions<StreamingOptions>().Bind(streamingSection);
        services.AddSingleton(new StreamKeyFile(Path.Combine(dataDirectory, "stream-signing-key.txt")));
        services.AddSingleton<StreamKeyRing>();
        services.AddSingleton<SharedStreamRevocations>();
        services.AddSingleton<IStreamRevocations>(sp => sp.GetRequiredService<SharedStreamRevocations>());
        services.AddHostedService(sp => sp.GetRequiredService<SharedStreamRevocations>());
        services.AddSingleton<StreamTokenService>();
        services.AddSingleton<CaptureSessionManager>();
        services.AddSingleton<IStreamSessions>(sp => sp.GetRequiredService<CaptureSessionManager>());
        services.AddSingleton<IStreamUrls>(sp => sp.GetRequiredService<CaptureSessionManager>());
        services.AddHostedService(sp => sp.GetRequiredService<CaptureSessionManager>());
        return services;
    }
}
