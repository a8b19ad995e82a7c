namespace SmartHomeCam.Server.Hosting;

/// <summary>Registers the host's abuse protections: trusted proxies, token-endpoint guard, sign-in limits and throttle.</summary>
public static class HostingSecurity
{
    public static IServiceCollection AddHostingSecurity(this IServiceCollection services, IConfiguration configuration, ServerOptions server)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(AbuseLimitOptions.Section);
        services.AddOptions<AbuseLimitOptions>().Bind(section);
        services.AddTrustedProxies(server);
        services.AddSignInPostLimit(section.Get<AbuseLimitOptions>() ?? new AbuseLimitOptions());
        services.AddSingleton<KnownClientCredentials>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<UnknownAccountPasswordCheck>();
        return services;
    }
}
