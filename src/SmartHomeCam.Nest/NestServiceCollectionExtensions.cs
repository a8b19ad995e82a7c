using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SmartHomeCam.Cameras;
using SmartHomeCam.Nest.Events;

namespace SmartHomeCam.Nest;

public static class NestServiceCollectionExtensions
{
    /// <summary>
    /// The Nest (SDM) provider, its Google clients, linking and the event sink. Registered always; it only lists
    /// cameras for connections, and linking answers "not set up" until <c>Nest:ProjectId</c> and <c>Nest:ClientId</c> are set.
    /// </summary>
    public static IServiceCollection AddSmartHomeCamNest(this IServiceCollection services, IConfiguration nestSection)
    {
        ArgumentNullException.ThrowIfNull(nestSection);
        services.AddOptions<SdmOptions>().Bind(nestSection);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(SdmHttp.OAuthClient).AddStandardResilienceHandler().Configure((o, sp) => Tune(o, sp.GetRequiredService<IOptions<SdmOptions>>().Value));
        services.AddHttpClient(SdmHttp.ApiClient).AddStandardResilienceHandler().Configure((o, sp) => Tune(o, sp.GetRequiredService<IOptions<SdmOptions>>().Value));

        services.AddSingleton<SdmQuota>();
        services.AddSingleton<SdmTokenClient>();
        services.AddSingleton<SdmAccessTokens>();
        services.AddSingleton<SdmApiClient>();
        services.AddSingleton<SdmDeviceCache>();
        services.TryAddSingleton<ISdmRtspConnector, RtspSdmConnector>();
        services.AddSmartHomeCamNestWebRtc(nestSection);
        services.AddSingleton<SdmCameraProvider>();
        services.AddSingleton<ICameraProvider>(sp => sp.GetRequiredService<SdmCameraProvider>());
        services.AddSingleton<SdmLinking>();
        services.AddSingleton<SdmEventSink>();
        services.AddHostedService(sp => sp.GetRequiredService<SdmEventSink>());
        services.AddHttpClient(PubSubClient.HttpClientName).ConfigureHttpClient((sp, http) =>
            http.Timeout = sp.GetRequiredService<IOptions<SdmOptions>>().Value.PubSub.PullTimeout + TimeSpan.FromSeconds(10));
        services.AddSingleton<PubSubCredential>();
        services.AddSingleton<PubSubClient>();
        services.AddSingleton<SdmHomes>();
        services.AddHostedService<SdmPullLoop>();
        return services;
    }

    /// <summary>
    /// Google's transient failures are retried here, not by hand: 5xx, timeouts, broken connections, and 429 when its
    /// Retry-After fits within <see cref="SdmOptions.MaxRetryDelay"/> (a longer one fails at once, and the caller backs
    /// off within the quota). Other 4xx are answers, never retried.
    /// </summary>
    internal static void Tune(HttpStandardResilienceOptions o, SdmOptions sdm)
    {
        o.Retry.MaxRetryAttempts = 3;
        o.Retry.BackoffType = DelayBackoffType.Exponential;
        o.Retry.UseJitter = true;
        o.Retry.Delay = sdm.RetryBaseDelay;
        o.Retry.MaxDelay = sdm.MaxRetryDelay;
        o.Retry.ShouldRetryAfterHeader = true;
        o.Retry.ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, sdm.MaxRetryDelay));
        o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
        o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60);
        o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
    }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryDelay)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException;
        }

        var response = outcome.Result!;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return SdmHttp.RetryAfter(response.Headers.RetryAfter) is not { } after || after <= maxRetryDelay;
        }

        return (int)response.StatusCode >= 500;
    }
}
