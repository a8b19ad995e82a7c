using Microsoft.Extensions.Options;
using SmartHomeCam.Linking;

namespace SmartHomeCam.Server.Hosting;

/// <summary>Keeps the Google account-linking client in step with configuration, when configuration names it.</summary>
internal static class GoogleClientSeeder
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var google = services.GetRequiredService<IOptions<GoogleOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GoogleClientSeeder));
        if (string.IsNullOrWhiteSpace(google.ProjectId))
        {
            return;
        }

        if (string.IsNullOrEmpty(google.ClientSecret))
        {
            logger.LogInformation(
                "Google:ProjectId is set but Google:ClientSecret is not; create the client with `clients add-google --project-id {ProjectId}`.",
                google.ProjectId);
            return;
        }

        var registry = services.GetRequiredService<ClientRegistry>();
        await registry.UpsertAsync(google.ClientId, "Google Home", GoogleRedirectUris.For(google.ProjectId), google.ClientSecret, cancellationToken)
            .ConfigureAwait(false);
        logger.LogInformation("OAuth client {ClientId} registered for Google project {ProjectId}.", google.ClientId, google.ProjectId);
    }
}
