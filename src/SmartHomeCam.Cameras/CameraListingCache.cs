using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Cameras;

/// <summary>
/// The short per-account listing cache QUERY and EXECUTE read (remote providers are slow). Owner changes
/// invalidate it in this process; other processes see them at the next refresh.
/// </summary>
public sealed class CameraListingCache(IMemoryCache cache, IOptions<CameraCatalogOptions> options)
{
    public bool TryGet(string userId, out IReadOnlyList<CatalogCamera> cameras)
    {
        if (cache.TryGetValue(Key(userId), out IReadOnlyList<CatalogCamera>? cached) && cached is not null)
        {
            cameras = cached;
            return true;
        }

        cameras = [];
        return false;
    }

    public void Set(string userId, IReadOnlyList<CatalogCamera> cameras) => cache.Set(Key(userId), cameras, options.Value.ListingCacheDuration);

    public void Invalidate(string userId) => cache.Remove(Key(userId));

    private static string Key(string userId) => "cameras:" + userId;
}
