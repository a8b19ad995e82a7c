using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SmartHomeCam.Streaming.Http;
using SmartHomeCam.Streaming.ScaleOut;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming;

public static class StreamingServiceCollectionExtensions
{
    /// <summary>
    /// The streaming module. Needs from the host: <c>ICameraCatalog</c>, <c>ICoordination</c>, <c>AppDbContext</c>,
    /// Data Protection, a <see cref="TimeProvider"/> and logging.
    /// </summary>
    public static IServiceCollection AddSmartHomeCamStreaming(this IServiceCollection services, IConfiguration streamingSection, string dataDirectory)
    {
        services.AddOptions<StreamingOptions>().Bind(streamingSection).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StreamingOptions>, StreamingOptionsValidator>());
        services.AddSingleton(new StreamKeyFile(Path.Combine(dataDirectory, "stream-signing-key.txt")));
        services.AddSingleton<StreamKeyRing>();

        // Revocations load before anything can check a token, and the subscriber applies notices to them.
        services.AddSingleton<PersistedStreamRevocations>();
        services.AddSingleton<IStreamRevocations>(sp => sp.GetRequiredService<PersistedStreamRevocations>());
        services.AddHostedService(sp => sp.GetRequiredService<PersistedStreamRevocations>());
        services.AddSingleton<StreamTokenService>();

        services.AddSingleton<CaptureSessionRegistry>();
        services.AddSingleton<IStreamSessions>(sp => sp.GetRequiredService<CaptureSessionRegistry>());
        services.AddHostedService(sp => sp.GetRequiredService<CaptureSessionRegistry>());
        services.AddSingleton<ReplicaIdentity>();
        services.AddSingleton<CameraOwnership>();
        services.AddSingleton<FeedRouter>();
        services.AddSingleton<ILiveFeeds>(sp => sp.GetRequiredService<FeedRouter>());
        services.AddSingleton<HopSigner>();
        services.AddSingleton<OwnerHop>();
        services.AddSingleton<StreamRequestResolver>();
        services.AddSingleton<ReplicaDirectory>();
        services.AddHostedService<ReplicaHeartbeat>();
        services.AddSingleton<IStreamUrls, StreamUrlGranter>();
        services.AddHostedService<IdleSessionReaper>();
        services.AddHostedService<LinkingEndedSubscriber>();
        return services;
    }
}
