using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartHomeCam.Arlo;
using SmartHomeCam.Cameras;
using SmartHomeCam.Coordination;
using SmartHomeCam.Data;
using SmartHomeCam.Fulfillment;
using SmartHomeCam.HomeGraph;
using SmartHomeCam.Linking;
using SmartHomeCam.Rtsp.Cameras;
using SmartHomeCam.Nest;
using SmartHomeCam.Nest.Events;
using SmartHomeCam.NestLegacy;
using SmartHomeCam.Streaming;
using SmartHomeCam.Streaming.Http;
using SmartHomeCam.Streaming.WebRtc;

namespace SmartHomeCam.Server.Hosting;

/// <summary>Composition root: builds the web application from configuration. Tests call it with overrides.</summary>
public static class SmartHomeCamApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SmartHomeCamApp).Assembly.GetName().Name,
            // appsettings.json is copied next to the binary; this makes `dotnet run --project` work from any directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        var config = builder.Configuration;
        var server = config.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var dataDirectory = Path.GetFullPath(server.DataDirectory, Environment.CurrentDirectory);
        Directory.CreateDirectory(dataDirectory);

        builder.Services.Configure<ServerOptions>(config.GetSection(ServerOptions.Section));
        builder.Services.PostConfigure<ServerOptions>(o => o.DataDirectory = dataDirectory);
        builder.Services.Configure<GoogleOptions>(config.GetSection(GoogleOptions.Section));
        builder.Services.AddHostingSecurity(config, server);
        // TryAdd: tests register a controllable clock first.
        builder.Services.TryAddSingleton(TimeProvider.System);

        if (string.IsNullOrEmpty(config["urls"]) && string.IsNullOrEmpty(config["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls($"http://{server.ListenAddress}:{server.Port}");
        }

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);

        builder.Services.AddSmartHomeCamData(config.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions(), dataDirectory);
        builder.Services.AddSmartHomeCamDataProtection(config.GetSection("Redis"), dataDirectory);
        builder.Services.AddSmartHomeCamObservability(config);

        builder.Services.AddIdentity<AppUser, IdentityRole>(identity =>
            {
                // NIST SP 800-63B: length over composition rules.
                identity.Password.RequiredLength = 10;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                // No account lock-out: anyone who knows the e-mail could keep the owner out with it. SignInThrottle
                // slows guessing per address and account instead.
                identity.Lockout.AllowedForNewUsers = false;
                identity.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();

        // The session cookie is checked against the account's security stamp on every request, so signing out
        // (which rotates the stamp) voids every copy of the cookie at once. One user lookup per dashboard request.
        builder.Services.Configure<SecurityStampValidatorOptions>(stamp => stamp.ValidationInterval = TimeSpan.Zero);
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/login";
            cookie.Cookie.Name = "shc.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request was HTTPS, which behind a trusted proxy means its X-Forwarded-Proto.
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
        });
        builder.Services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "shc.af";
            a.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        builder.Services.AddSmartHomeCamCoordination(config.GetSection("Redis"));
        builder.Services.AddSmartHomeCamLinking(config.GetSection("OAuth"), dataDirectory, server.PublicBaseUrl);
        builder.Services.AddSmartHomeCamCameras(config.GetSection("Cameras"));
        builder.Services.AddRtspCameras();
        builder.Services.AddSmartHomeCamArlo(config.GetSection("Arlo"));
        builder.Services.AddSmartHomeCamNest(config.GetSection(SdmOptions.Section));
        builder.Services.AddSmartHomeCamNestLegacy(config.GetSection("NestLegacy"));
        builder.Services.AddSmartHomeCamStreaming(config.GetSection("Streaming"), dataDirectory);
        builder.Services.AddSmartHomeCamWebRtc(config.GetSection("WebRtc"), server.PublicBaseUrl);
        builder.Services.AddSmartHomeCamFulfillment(config.GetSection("Fulfillment"), f =>
        {
            f.PublicBaseUrl = server.PublicBaseUrl;
            f.WillReportState = HomeGraphOptions.IsConfiguredIn(config.GetSection(HomeGraphOptions.Section));
            f.ReceiverAppId = string.IsNullOrWhiteSpace(f.ReceiverAppId) ? config["Google:ReceiverAppId"] ?? "" : f.ReceiverAppId;
        });
        builder.Services.AddSmartHomeCamHomeGraph(config.GetSection(HomeGraphOptions.Section));
        builder.Services.AddSingleton<FirstRunSetup>();
        builder.Services.AddScoped<AccountCreator>();
        builder.Services.AddRazorPages();

        var app = builder.Build();
        // First: everything after it (logs, limits, cookies, stream URLs) sees the real client and scheme.
        app.UseForwardedHeaders();
        app.UseSmartHomeCamMetrics();
        app.UseMiddleware<RedactingRequestLogger>();
        app.UseMiddleware<SecurityHeaders>();
        app.UseStreamCors();
        app.UseMiddleware<TokenEndpointGuard>();
        app.UseRouting();
        app.UseRateLimiter(); // the sign-in/setup post limit (SignInPostLimit)
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapLinkedAccountEndpoint();
        app.MapFulfillment();
        app.MapStreamEndpoints();
        app.MapNestEvents();
        app.MapWebRtcSignaling();
        app.MapEmbeddedAssets();
        app.MapRazorPages();
        app.MapHealthEndpoints();
        return app;
    }

    /// <summary>Applies pending schema migrations, seeds the configured Google client, and opens first-run setup if needed.</summary>
    public static async Task InitializeAsync(WebApplication app, bool announceSetup = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        await DatabaseInitializer.MigrateAsync(db, cancellationToken).ConfigureAwait(false);
        await GoogleClientSeeder.SeedAsync(services, cancellationToken).ConfigureAwait(false);
        if (announceSetup)
        {
            await services.GetRequiredService<FirstRunSetup>().OpenIfNoUsersAsync(db, cancellationToken).ConfigureAwait(false);
        }
    }
}
