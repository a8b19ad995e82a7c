namespace SmartHomeCam.Data;

/// <summary>A registered OAuth2 client (for example Google's account linking).</summary>
public sealed class OAuthClient
{
    public string ClientId { get; set; } = "";
    public string DisplayName { get; set; } = "";

    /// <summary>SHA-256 of the client secret; the secret itself is never stored.</summary>
    public byte[] SecretHash { get; set; } = [];

    /// <summary>Exact redirect URIs, one per line; matching is ordinal and whole-string.</summary>
    public string RedirectUris { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public IReadOnlyList<string> RedirectUriList =>
        RedirectUris.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
