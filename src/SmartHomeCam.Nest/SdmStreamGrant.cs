namespace SmartHomeCam.Nest;

/// <summary>
/// One RTSP stream's current credentials (spec §3). Not a record: the URL and tokens are secrets for five minutes
/// and must not reach a log through a generated ToString.
/// </summary>
public sealed class SdmStreamGrant(Uri rtspUrl, string streamToken, string extensionToken, DateTimeOffset expiresAt)
{
    public Uri RtspUrl { get; } = rtspUrl;

    public string StreamToken { get; } = streamToken;

    public string ExtensionToken { get; } = extensionToken;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>ExtendRtspStream returns no URL: the old one with its <c>auth=</c> replaced by the new stream token.</summary>
    public SdmStreamGrant Extended(string newStreamToken, string newExtensionToken, DateTimeOffset newExpiresAt) =>
        new(WithAuth(RtspUrl, newStreamToken), newStreamToken, newExtensionToken, newExpiresAt);

    public static Uri WithAuth(Uri url, string token)
    {
        ArgumentNullException.ThrowIfNull(url);
        var query = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("auth=", StringComparison.Ordinal))
            .Append("auth=" + Uri.EscapeDataString(token));
        return new UriBuilder(url) { Query = string.Join('&', query) }.Uri;
    }

    public override string ToString() => $"SDM stream expiring {ExpiresAt:O}";
}
