namespace SmartHomeCam.Cameras;

/// <summary>A camera of one account with its stable Google-facing device id.</summary>
public sealed record CatalogCamera(string DeviceId, string ProviderId, ProviderCamera Camera);
