namespace SmartHomeCam.Server.Hosting;

/// <summary>Registers the host's protections: trusted proxies, token-endpoint guard, sign-in limits and throttle, no raw paths in log scopes.</summary>
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

        // ASP.NET's request logger writes full URLs and opens a log scope carrying the raw path (a stream token)
        // around every line of the request; it only does so while its category is enabled. RedactingRequestLogger
        // writes the request line instead.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None));
        return services;
    }
}
