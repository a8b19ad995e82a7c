using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace SmartHomeCam.HomeGraph.Client;

/// <summary>
/// The standard resilience pipeline tuned for HomeGraph (spec §5 errors): 429 and 5xx (and transport failures)
/// retried with jittered exponential back-off, honouring Retry-After, within a total bound; 400/403/404 are
/// answers, not accidents, and are never retried. 401 is handled by the client (one token refresh).
/// </summary>
public static class HomeGraphResilience
{
    public static IHttpClientBuilder AddHomeGraphResilience(this IHttpClientBuilder builder, HomeGraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        builder.AddStandardResilienceHandler(o =>
        {
            o.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetries);
            o.Retry.BackoffType = DelayBackoffType.Exponential;
            o.Retry.UseJitter = true;
            o.Retry.Delay = options.RetryDelay;
            o.Retry.MaxDelay = TimeSpan.FromSeconds(30);
            o.Retry.ShouldRetryAfterHeader = true;
            o.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
            o.TotalRequestTimeout.Timeout = options.TotalCallTimeout;
            // The breaker's sampling must cover at least two attempt timeouts (the options validator insists).
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, o.AttemptTimeout.Timeout.TotalSeconds * 2 + 1));
            o.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
        });
        return builder;
    }

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException } => true,
        { Exception: TimeoutException } => true,
        // An attempt timed out (Polly's TimeoutRejectedException; named, since Google.Apis brings an older Polly too).
        { Exception: { } e } when e.GetType().Name == "TimeoutRejectedException" => true,
        { Result: { } response } => response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };
}
