using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// Form posts to the sign-in and first-run pages, per client address per minute (showing the pages is free).
/// This caps the password-hashing work one address can ask for; guessing itself is slowed by <see cref="SignInThrottle"/>.
/// </summary>
public static class SignInPostLimit
{
    public static IServiceCollection AddSignInPostLimit(this IServiceCollection services, AbuseLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var permits = Math.Max(1, limits.SignInAttemptsPerMinutePerIp);
        services.AddRateLimiter(rate =>
        {
            rate.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rate.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            rate.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Applies(http.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Key(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));
        });
        return services;
    }

    private static bool Applies(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase) || request.Path.Equals("/setup", StringComparison.OrdinalIgnoreCase));
}
