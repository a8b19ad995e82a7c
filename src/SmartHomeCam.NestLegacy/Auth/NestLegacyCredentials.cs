namespace SmartHomeCam.NestLegacy.Auth;

/// <summary>What a connection logs in with: its kind, the secret (cookie or Nest access token) and, for Google, the issueToken URL and API key.</summary>
public sealed class NestLegacyCredentials(NestAuthKind kind, string secret, Uri? issueTokenUrl, string? apiKey)
{
    public NestAuthKind Kind { get; } = kind;

    /// <summary>The Google cookie header, or the Nest access token.</summary>
    public string Secret { get; } = secret;

    public Uri? IssueTokenUrl { get; } = issueTokenUrl;

    public string? ApiKey { get; } = apiKey;

    public override string ToString() => $"{Kind} credentials";
}
