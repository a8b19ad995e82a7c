namespace SmartHomeCam.Cameras;

/// <summary>Every camera of an account across providers, with device ids that survive restarts and re-linking.</summary>
public interface ICameraCatalog
{
    /// <summary>Lists cameras; <paramref name="refresh"/> bypasses the short per-account cache (SYNC does).</summary>
    Task<IReadOnlyList<CatalogCamera>> ListAsync(string userId, bool refresh, CancellationToken cancellationToken);

    /// <summary>The account's camera with this device id, or null when the id is not the account's.</summary>
    Task<CatalogCamera?> FindAsync(string userId, string deviceId, CancellationToken cancellationToken);

    /// <summary>A not-yet-started source for the camera; the caller (a capture session) owns and disposes it.</summary>
    ICameraSource OpenSource(CatalogCamera camera);
}
