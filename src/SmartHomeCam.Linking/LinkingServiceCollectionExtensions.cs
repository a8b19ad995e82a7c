using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmartHomeCam.Linking;

public static class LinkingServiceCollectionExtensions
{
    /// <summary>Registers the authorization server's services and the bearer scheme (rate limits live in the host).</summary>
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
        services.AddHostedService<ExpiredCredentialSweeper>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        return services;
    }
}
