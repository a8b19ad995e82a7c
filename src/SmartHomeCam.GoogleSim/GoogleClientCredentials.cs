namespace SmartHomeCam.GoogleSim;

/// <summary>What the Google Home console holds for account linking: client id, secret and Google's redirect URI.</summary>
public sealed record GoogleClientCredentials(string ClientId, string ClientSecret, string RedirectUri);
