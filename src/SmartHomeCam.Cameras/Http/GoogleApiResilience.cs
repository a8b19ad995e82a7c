using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace SmartHomeCam.Cameras.Http;

/// <summary>
/// The one retry policy for every HttpClient that calls Google (HomeGraph, SDM, token endpoints): Microsoft's
/// standard resilience handler (rate limiter, total timeout, retry, circuit breaker, attempt timeout), tuned so
/// that a 4xx other than 429 is final (a bad request stays bad; 401 is for the caller to refresh and resend) and
/// a <c>Retry-After</c> from Google sets the wait.
/// </summary>
public static class GoogleApiResilience
{
    /// <summary>Adds the tuned standard handler; <paramref name="configure"/> may adjust it (tests shorten the delays).</summary>
    public static IHttpStandardResiliencePipelineBuilder AddGoogleApiResilience(
        this IHttpClientBuilder builder, Action<HttpStandardResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStandardResilienceHandler(options =>
        {
            options.Retry.MaxRetryAttempts = 3;
            options.Retry.ShouldRetryAfterHeader = true;
            options.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
            options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
            configure?.Invoke(options);
        });
    }

    /// <summary>Worth another attempt: a transport failure, an attempt timeout, a 5xx or a 429.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException;
        }

        var status = outcome.Result?.StatusCode;
        return status is HttpStatusCode.TooManyRequests || (int?)status >= 500;
    }
}
