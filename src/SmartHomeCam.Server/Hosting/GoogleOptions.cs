namespace SmartHomeCam.Server.Hosting;

/// <summary>Bound from the <c>Google</c> section: the account-linking client Google uses.</summary>
public sealed class GoogleOptions
{
    public const string Section = "Google";

    /// <summary>The Google Cloud / Actions project id; determines the only accepted redirect URIs.</summary>
    public string ProjectId { get; set; } = "";

    public string ClientId { get; set; } = "google-home";

    /// <summary>When set (with ProjectId), the client is created or updated at start with this secret.</summary>
    public string ClientSecret { get; set; } = "";
}
