using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;

namespace SmartHomeCam.Cameras;

/// <summary>
/// Every camera of an account across providers and connections, with persistent device ids. Each listing is
/// folded into the last known one (<see cref="ListingReconciler"/>), so an unreachable provider's cameras stay
/// listed, offline, instead of vanishing from SYNC. Listings are cached briefly per account.
/// </summary>
public sealed class CameraCatalog(
    IEnumerable<ICameraProvider> providers,
    IServiceScopeFactory scopes,
    CameraListingCache cache,
    DeviceIdRegistry deviceIds,
    ProviderConnectionStore connections,
    CameraEventSignal eventSignal,
    TimeProvider clock,
    ILogger<CameraCatalog> logger) : ICameraCatalog
{
    private readonly ICameraProvider[] providers = [.. providers];

    public async Task<IReadOnlyList<CatalogCamera>> ListAsync(string userId, bool refresh, CancellationToken cancellationToken)
    {
        if (!refresh && cache.TryGet(userId, out var cached))
        {
            return cached;
        }

        var listing = await AskProvidersAsync(userId, cancellationToken).ConfigureAwait(false);
        var keys = listing.Cameras.Select(c => c.Key).ToList();
        for (var attempt = 0; ; attempt++)
        {
            var ids = await deviceIds.EnsureAsync(userId, keys, cancellationToken).ConfigureAwait(false);
            try
            {
                var cameras = await SaveAsync(userId, ids, listing, cancellationToken).ConfigureAwait(false);
                cache.Set(userId, cameras);
                return cameras;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // A concurrent listing (another request or replica) saved first; fold ours into theirs.
            }
        }
    }

    public async Task<CatalogCamera?> FindAsync(string userId, string deviceId, CancellationToken cancellationToken)
    {
        var cameras = await ListAsync(userId, refresh: false, cancellationToken).ConfigureAwait(false);
        return cameras.FirstOrDefault(c => c.DeviceId == deviceId);
    }

    public ICameraSource OpenSource(CatalogCamera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var provider = providers.FirstOrDefault(p => p.Id == camera.ProviderId)
            ?? throw new CameraSourceException($"The camera provider '{camera.ProviderId}' is not available.");
        if (camera.ConnectionId is not null && provider is IConnectableCameraProvider connectable &&
            ConnectionCameraIds.TryParse(camera.ProviderCameraId, out var connectionId, out var cameraId))
        {
            return new ConnectionCameraSource(connections, connectable, camera.UserId, connectionId, cameraId);
        }

        return provider.CreateSource(camera.UserId, camera.ProviderCameraId);
    }

    /// <summary>The registered provider with this id, if any.</summary>
    public ICameraProvider? FindProvider(string providerId) => providers.FirstOrDefault(p => p.Id == providerId);

    public IReadOnlyList<ICameraProvider> Providers => providers;

    private async Task<ProviderListing> AskProvidersAsync(string userId, CancellationToken cancellationToken)
    {
        var listing = new ProviderListing();
        var loaded = await connections.ListAsync(userId, cancellationToken).ConfigureAwait(false);
        foreach (var provider in providers)
        {
            var scope = new ListingScope(provider.Id, null);
            try
            {
                foreach (var camera in await provider.ListAsync(userId, cancellationToken).ConfigureAwait(false))
                {
                    listing.Cameras.Add(new ListedCamera(provider.Id, null, camera));
                }

                listing.Answered.Add(scope);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One provider being down must not hide the others' cameras, nor its own.
                listing.Unreachable.Add(scope);
                logger.LogWarning(e, "Camera provider {Provider} failed to list cameras.", provider.Id);
            }

            if (provider is IConnectableCameraProvider connectable)
            {
                foreach (var connection in loaded.Where(c => c.Row.ProviderId == provider.Id))
                {
                    await AskConnectionAsync(connectable, connection, listing, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return listing;
    }

    private async Task AskConnectionAsync(
        IConnectableCameraProvider provider, LoadedConnection connection, ProviderListing listing, CancellationToken cancellationToken)
    {
        var scope = new ListingScope(provider.Id, connection.Row.Id);
        if (connection.Context is null)
        {
            listing.Unreachable.Add(scope);
            listing.ConnectionOutcomes[connection.Row.Id] = connection.Problem;
            return;
        }

        try
        {
            foreach (var camera in await provider.ListAsync(connection.Context, cancellationToken).ConfigureAwait(false))
            {
                var composed = camera with { ProviderCameraId = ConnectionCameraIds.Compose(connection.Row.Id, camera.ProviderCameraId) };
                listing.Cameras.Add(new ListedCamera(provider.Id, connection.Row.Id, composed));
            }

            listing.Answered.Add(scope);
            listing.ConnectionOutcomes[connection.Row.Id] = null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            listing.Unreachable.Add(scope);
            // The provider's message, never the credential: providers must not put secrets in exceptions.
            listing.ConnectionOutcomes[connection.Row.Id] = e.Message;
            logger.LogWarning("Camera provider {Provider} failed to list {Connection}: {Error}", provider.Id, connection.Context, e.Message);
        }
    }

    private async Task<IReadOnlyList<CatalogCamera>> SaveAsync(
        string userId, IReadOnlyDictionary<CameraKey, string> ids, ProviderListing listing, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var known = await db.KnownCameras.Where(k => k.UserId == userId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var result = ListingReconciler.Reconcile(userId, ids, known, listing, now);
        db.KnownCameras.AddRange(result.Added);
        db.KnownCameras.RemoveRange(result.Removed);
        CameraEventOutbox.Stage(db, result.Events, now);
        if (listing.ConnectionOutcomes.Count > 0)
        {
            var touched = listing.ConnectionOutcomes.Keys.ToList();
            foreach (var row in await db.ProviderConnections.Where(c => touched.Contains(c.Id)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                var error = listing.ConnectionOutcomes[row.Id];
                if (error is null)
                {
                    if (row.LastListedAt is null || now - row.LastListedAt >= ListingReconciler.SeenResolution)
                    {
                        row.LastListedAt = now;
                    }

                    row.LastError = null;
                    row.LastErrorAt = null;
                }
                else
                {
                    row.LastError = error.Length > 500 ? error[..500] : error;
                    row.LastErrorAt = now;
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (result.Events.Count > 0)
        {
            eventSignal.Pulse();
        }

        return result.Cameras;
    }
}
