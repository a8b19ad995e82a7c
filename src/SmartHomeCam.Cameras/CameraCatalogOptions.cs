namespace SmartHomeCam.Cameras;

/// <summary>Bound from <c>Cameras</c>.</summary>
public sealed class CameraCatalogOptions
{
    /// <summary>How long QUERY/EXECUTE reuse a listing before asking providers again; SYNC always asks.</summary>
    public TimeSpan ListingCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay before retrying a provider whose start failed; doubles up to <see cref="ProviderStartRetryMax"/>.</summary>
    public TimeSpan ProviderStartRetryMin { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan ProviderStartRetryMax { get; set; } = TimeSpan.FromMinutes(5);
}
