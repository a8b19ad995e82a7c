using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace SmartHomeCam.NestLegacy;

/// <summary>
/// The standard HTTP resilience of the sign-in and camera-list calls (total and per-attempt timeouts, retry,
/// circuit breaker, with the library's defaults), but measured on the real clock. Polly otherwise takes the app's
/// registered <see cref="TimeProvider"/>, which schedules token renewal: when that clock jumps (a fake clock in
/// tests, a resumed VM in production) a login in flight was "timed out" after milliseconds, the renewal failed
/// and backed off, and the running stream kept a token about to expire (issue 11).
/// </summary>
public static class NestHttpResilience
{
    public const string PipelineName = "standard";

    public static IHttpClientBuilder AddNestHttpResilience(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler(PipelineName, static pipeline =>
        {
            var defaults = new HttpStandardResilienceOptions();
            pipeline.TimeProvider = TimeProvider.System;
            pipeline
                .AddTimeout(defaults.TotalRequestTimeout)
                .AddRetry(defaults.Retry)
                .AddCircuitBreaker(defaults.CircuitBreaker)
                .AddTimeout(defaults.AttemptTimeout);
        });
        return builder;
    }
}
