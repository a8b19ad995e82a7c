namespace SmartHomeCam.GoogleSim;

/// <summary>The account the simulation links and the linking client Google is configured with.</summary>
public sealed record SimSettings(string Email, string Password, GoogleClientCredentials Client);
