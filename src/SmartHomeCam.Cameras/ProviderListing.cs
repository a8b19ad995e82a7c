namespace SmartHomeCam.Cameras;

/// <summary>
/// What asking every provider (and every connection) produced: the cameras listed, and which scopes answered
/// and which failed. A scope is a provider's connectionless cameras, or one connection's.
/// </summary>
internal sealed class ProviderListing
{
    public List<ListedCamera> Cameras { get; } = [];

    /// <summary>Scopes whose answer is authoritative: their known cameras missing from it are gone.</summary>
    public HashSet<ListingScope> Answered { get; } = [];

    /// <summary>Scopes that failed: their known cameras stay listed, offline.</summary>
    public HashSet<ListingScope> Unreachable { get; } = [];

    /// <summary>Per connection: null when it listed fine, else why not.</summary>
    public Dictionary<Guid, string?> ConnectionOutcomes { get; } = [];
}

/// <summary>One camera as listed, with its (composed) provider camera id and the connection it came through.</summary>
internal sealed record ListedCamera(string ProviderId, Guid? ConnectionId, ProviderCamera Camera)
{
    public CameraKey Key => new(ProviderId, Camera.ProviderCameraId);

    public ListingScope Scope => new(ProviderId, ConnectionId);
}

internal readonly record struct ListingScope(string ProviderId, Guid? ConnectionId);
