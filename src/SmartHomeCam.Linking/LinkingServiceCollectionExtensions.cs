using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation;
using SmartHomeCam.Data;
using SmartHomeCam.Linking.Handlers;

namespace SmartHomeCam.Linking;

public static class LinkingServiceCollectionExtensions
{
    /// <summary>The file (in the data directory) holding generated token keys when configuration gives none.</summary>
    public const string KeyFileName = "oauth-keys";

    /// <summary>
    /// Registers the authorization server (OpenIddict: server, EF Core stores on <see cref="AppDbContext"/>, and
    /// validation against itself for bearer-protected endpoints), the revocation machinery and client management.
    /// </summary>
    public static IServiceCollection AddSmartHomeCamLinking(
        this IServiceCollection services, IConfiguration oauthSection, string dataDirectory, string? publicBaseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(oauthSection);
        services.AddOptions<LinkingOptions>().Bind(oauthSection);
        var options = oauthSection.Get<LinkingOptions>() ?? new LinkingOptions();
        var keyFile = Path.Combine(dataDirectory, KeyFileName);
        services.AddSingleton(sp => LinkingKeys.Load(oauthSection, sp.GetRequiredService<IDataProtectionProvider>(), keyFile));
        services.AddSingleton<OpenIddictKeySetup>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<OpenIddictKeySetup>());
        services.AddSingleton<IConfigureOptions<OpenIddictValidationOptions>>(sp => sp.GetRequiredService<OpenIddictKeySetup>());

        services.AddSingleton<RevokedLinks>();
        services.AddSingleton<ValidatedTokenCache>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, CachedBearerHandler>(LinkingAuthentication.CachedScheme, null);
        services.AddHostedService<RevocationListener>();
        services.AddSingleton<ExpiredLinkPruner>();
        services.AddHostedService(sp => sp.GetRequiredService<ExpiredLinkPruner>());
        services.AddScoped<LinkRevoker>();
        services.AddScoped<ClientRegistry>();
        services.AddScoped<UserLinkings>();
        services.AddScoped<AccountLifecycle>();

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<AppDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("/oauth/authorize")
                    .SetTokenEndpointUris("/oauth/token")
                    .SetRevocationEndpointUris("/oauth/revoke")
                    .SetConfigurationEndpointUris("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")
                    .SetJsonWebKeySetEndpointUris("/.well-known/jwks");
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                server.SetAccessTokenLifetime(options.EffectiveAccessTokenLifetime)
                    .SetAuthorizationCodeLifetime(options.EffectiveCodeLifetime)
                    .SetRefreshTokenLifetime(null); // lives as long as the linking
                // Google may keep using the first refresh token: a rolled one would look like a replay and end the link.
                server.DisableRollingRefreshTokens();
                // Google sends the scopes typed into its console, or none: accept any.
                server.DisableScopeValidation().IgnoreScopePermissions();
                server.SetIssuer(Issuer(options, publicBaseUrl));

                server.AddEventHandler(RememberCodeAuthorization.Descriptor);
                server.AddEventHandler(BurnLinkOnFailedCodeRedemption.Descriptor);
                server.AddEventHandler(EndLinkOnTokenRevocation.Descriptor);
                server.AddEventHandler(KeepRefreshTokenOnRefresh.Descriptor);
                server.AddEventHandler(RefreshTokenLivesWithTheLink.Descriptor);

                // TLS ends at the reverse proxy. Our own pages answer the authorization endpoint (sign-in, consent)
                // and show the errors that must not be redirected.
                server.UseAspNetCore()
                    .DisableTransportSecurityRequirement()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableErrorPassthrough();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                // Only the Authorization header: a token in a URL ends up in logs and browser histories.
                validation.UseAspNetCore()
                    .DisableAccessTokenExtractionFromBodyForm()
                    .DisableAccessTokenExtractionFromQueryString();
                validation.AddEventHandler(RejectRevokedAccessTokens.Descriptor);
                validation.AddEventHandler(BareInvalidTokenChallenge.Descriptor);
            });
        return services;
    }

    private static Uri Issuer(LinkingOptions options, string? publicBaseUrl)
    {
        var configured = !string.IsNullOrWhiteSpace(options.Issuer) ? options.Issuer
            : !string.IsNullOrWhiteSpace(publicBaseUrl) ? publicBaseUrl
            : "https://smarthomecam.invalid/";
        return Uri.TryCreate(configured.TrimEnd('/') + "/", UriKind.Absolute, out var issuer)
            ? issuer
            : throw new InvalidOperationException("OAuth:Issuer must be an absolute URL.");
    }
}
