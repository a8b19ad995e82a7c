using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Data;

namespace SmartHomeCam.Cameras;

/// <summary>
/// Merges every provider's cameras for an account and assigns each a persistent device id. Listings are
/// cached briefly per account because remote providers (Nest, Arlo) are slow and QUERY is frequent.
/// </summary>
public sealed class CameraCatalog(
    IEnumerable<ICameraProvider> providers,
    IServiceScopeFactory scopes,
    IMemoryCache cache,
    IOptions<CameraCatalogOptions> options,
    TimeProvider clock,
    ILogger<CameraCatalog> logger) : ICameraCatalog
{
    private readonly ICameraProvider[] providers = [.. providers];

    public async Task<IReadOnlyList<CatalogCamera>> ListAsync(string userId, bool refresh, CancellationToken cancellationToken)
    {
        var key = CacheKey(userId);
        if (!refresh && cache.TryGetValue(key, out IReadOnlyList<CatalogCamera>? cached) && cached is not null)
        {
            return cached;
        }

        var listed = new List<(string Provider, ProviderCamera Camera)>();
        foreach (var provider in providers)
        {
            try
            {
                foreach (var camera in await provider.ListAsync(userId, cancellationToken).ConfigureAwait(false))
                {
                    listed.Add((provider.Id, camera));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One provider being down must not hide the others' cameras.
                logger.LogWarning(e, "Camera provider {Provider} failed to list cameras.", provider.Id);
            }
        }

        var cameras = await AssignDeviceIdsAsync(userId, listed, cancellationToken).ConfigureAwait(false);
        cache.Set(key, cameras, options.Value.ListingCacheDuration);
        return cameras;
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
        return provider.CreateSource(camera.UserId, camera.ProviderCameraId);
    }

    private async Task<IReadOnlyList<CatalogCamera>> AssignDeviceIdsAsync(
        string userId, List<(string Provider, ProviderCamera Camera)> listed, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var known = await db.CameraDevices.AsNoTracking().Where(d => d.UserId == userId)
            .ToDictionaryAsync(d => (d.ProviderId, d.ProviderCameraId), d => d.DeviceId, cancellationToken).ConfigureAwait(false);
        var added = false;
        foreach (var (provider, camera) in listed)
        {
            if (!known.ContainsKey((provider, camera.ProviderCameraId)))
            {
                var deviceId = "cam-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                db.CameraDevices.Add(new CameraDevice
                {
                    DeviceId = deviceId,
                    UserId = userId,
                    ProviderId = provider,
                    ProviderCameraId = camera.ProviderCameraId,
                    CreatedAt = clock.GetUtcNow(),
                });
                known[(provider, camera.ProviderCameraId)] = deviceId;
                added = true;
            }
        }

        if (added)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException)
            {
                // A concurrent listing (another request or replica) assigned ids first; theirs win.
                return await ReloadAsync(userId, listed, cancellationToken).ConfigureAwait(false);
            }
        }

        return listed.Select(l => ToCatalog(userId, known[(l.Provider, l.Camera.ProviderCameraId)], l.Provider, l.Camera)).ToList();
    }

    private async Task<IReadOnlyList<CatalogCamera>> ReloadAsync(
        string userId, List<(string Provider, ProviderCamera Camera)> listed, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var known = await db.CameraDevices.AsNoTracking().Where(d => d.UserId == userId)
            .ToDictionaryAsync(d => (d.ProviderId, d.ProviderCameraId), d => d.DeviceId, cancellationToken).ConfigureAwait(false);
        return listed.Where(l => known.ContainsKey((l.Provider, l.Camera.ProviderCameraId)))
            .Select(l => ToCatalog(userId, known[(l.Provider, l.Camera.ProviderCameraId)], l.Provider, l.Camera)).ToList();
    }

    private static CatalogCamera ToCatalog(string userId, string deviceId, string provider, ProviderCamera camera) =>
        new(deviceId, userId, provider, camera.ProviderCameraId, camera.Name, camera.Room, camera.DeviceInfo, camera.Online);

    private static string CacheKey(string userId) => "cameras:" + userId;
}
