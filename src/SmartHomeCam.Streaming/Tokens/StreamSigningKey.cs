namespace SmartHomeCam.Streaming.Tokens;

/// <summary>An HMAC key with the short id written into every token it signs (for rotation).</summary>
public sealed record StreamSigningKey(string Id, byte[] Secret)
{
    /// <summary>Parses "id:base64secret".</summary>
    public static StreamSigningKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon is <= 0 or > 16)
        {
            throw new FormatException("A stream signing key is 'id:base64secret' with an id of 1 to 16 characters.");
        }

        var secret = Convert.FromBase64String(text[(colon + 1)..]);
        if (secret.Length < 32)
        {
            throw new FormatException("A stream signing key needs at least 32 bytes of secret.");
        }

        return new StreamSigningKey(text[..colon], secret);
    }
}
