namespace SmartHomeCam.Cameras;

/// <summary>Every camera of an account across providers, with device ids that survive restarts and re-linking.</summary>
public interface ICameraCatalog
{
    /// <summary>Lists cameras; <paramref name="refresh"/> bypasses the short per-account cache (SYNC does).</summary>
    Task<IReadOnlyList<CatalogCamera>> ListAsync(string userId, bool refresh, CancellationToken cancellationToken);

    /// <summary>Creates the source for a device of this account, or null when the id is not the account's.</summary>
    Task<(CatalogCamera Camera, Func<ICameraSource> OpenSource)?> FindAsync(string userId, string deviceId, CancellationToken cancellationToken);
}
