namespace SmartHomeCam.Fakes.Nest;

/// <summary>One RTSP stream the fake generated: its current tokens and the expiry each stream token was issued with.</summary>
public sealed class FakeNestStreamGrant(string id, string deviceId, string user)
{
    private readonly Dictionary<string, DateTimeOffset> tokenExpiry = new(StringComparer.Ordinal);

    public string Id { get; } = id;

    public string DeviceId { get; } = deviceId;

    public string User { get; } = user;

    public string StreamToken { get; private set; } = "";

    public string ExtensionToken { get; private set; } = "";

    public DateTimeOffset ExpiresAt { get; private set; }

    public bool Stopped { get; internal set; }

    public int Extensions { get; private set; }

    internal void Issue(string streamToken, string extensionToken, DateTimeOffset expiresAt, bool extension)
    {
        lock (tokenExpiry)
        {
            StreamToken = streamToken;
            ExtensionToken = extensionToken;
            ExpiresAt = expiresAt;
            tokenExpiry[streamToken] = expiresAt;
            if (extension)
            {
                Extensions++;
            }
        }
    }

    /// <summary>When a session opened with <paramref name="streamToken"/> dies in strict mode: that token's own expiry.</summary>
    public DateTimeOffset? ExpiryOf(string streamToken)
    {
        lock (tokenExpiry)
        {
            return tokenExpiry.TryGetValue(streamToken, out var at) ? at : null;
        }
    }
}
