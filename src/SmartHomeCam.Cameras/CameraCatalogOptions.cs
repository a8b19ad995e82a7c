namespace SmartHomeCam.Cameras;

/// <summary>Bound from <c>Cameras</c>.</summary>
public sealed class CameraCatalogOptions
{
    /// <summary>How long QUERY/EXECUTE reuse a listing before asking providers again; SYNC always asks.</summary>
    public TimeSpan ListingCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
