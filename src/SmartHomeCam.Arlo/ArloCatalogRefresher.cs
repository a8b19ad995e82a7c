using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras;

namespace SmartHomeCam.Arlo;

/// <summary>
/// Re-lists an account's cameras after a camera reported, so an online/offline change is noticed (and recorded
/// as an event by the catalog) now rather than at the next SYNC. Off the basestation's reply path. The catalog is
/// resolved on use: it lists the providers, and the Arlo provider (through the basestation) needs this class.
/// </summary>
public sealed class ArloCatalogRefresher(IServiceProvider services, CameraListingCache cache, ILogger<ArloCatalogRefresher> logger)
{
    public void Refresh(string userId) => _ = RefreshAsync(userId);

    private async Task RefreshAsync(string userId)
    {
        try
        {
            cache.Invalidate(userId);
            await services.GetRequiredService<ICameraCatalog>().ListAsync(userId, refresh: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Re-listing cameras after an Arlo report failed");
        }
    }
}
