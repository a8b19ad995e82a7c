using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmartHomeCam.Linking;

public static class LinkingServiceCollectionExtensions
{
    public const string SignInRateLimitPolicy = "signin";

    /// <summary>Registers the authorization server's services, the bearer scheme and the rate-limit policies it uses.</summary>
    public static IServiceCollection AddSmartHomeCamLinking(this IServiceCollection services, IConfiguration oauthSection)
    {
        services.AddOptions<LinkingOptions>().Bind(oauthSection);
        services.AddScoped<AuthorizationRequestValidator>();
        services.AddScoped<AuthorizationCodeIssuer>();
        services.AddScoped<TokenService>();
        services.AddSingleton<AccessTokenCache>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessTokenCache>());
        services.AddScoped<ClientAuthenticator>();
        services.AddScoped<ClientRegistry>();
        services.AddSingleton<AccountSignInThrottle>();
        services.AddHostedService<ExpiredCredentialSweeper>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);

        var limits = oauthSection.Get<LinkingOptions>() ?? new LinkingOptions();
        services.AddRateLimiter(rate =>
        {
            rate.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rate.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
            rate.AddPolicy(TokenEndpoints.RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                ClientAddress(http), _ => PerMinute(limits.TokenRequestsPerMinute)));

            // Only form posts count: showing the sign-in page is free.
            rate.AddPolicy(SignInRateLimitPolicy, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http), _ => PerMinute(limits.SignInAttemptsPerMinutePerIp))
                : RateLimitPartition.GetNoLimiter("get"));
        });
        return services;
    }

    private static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };
}
