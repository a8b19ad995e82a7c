using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming.ScaleOut;

/// <summary>
/// Authenticates the internal hop between replicas: a forwarded stream request carries
/// <c>X-SmartHomeCam-Hop: &lt;unix seconds&gt;.&lt;HMAC-SHA256(key, "hop\n" seconds "\n" method "\n" path)&gt;</c>. A receiver
/// that verifies it serves from its own session and never forwards again (no loops), and only replicas can make
/// it do so. The stream token in the path stays the viewer's capability and is checked as on any request.
/// </summary>
public sealed class HopSigner
{
    public const string Header = "X-SmartHomeCam-Hop";
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private readonly byte[][] keys;
    private readonly TimeProvider clock;

    public HopSigner(IOptions<StreamingOptions> options, StreamKeyRing ring, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ring);
        this.clock = clock;
        keys = string.IsNullOrWhiteSpace(options.Value.HopKey)
            ? [.. ring.Keys.Select(k => HKDF.DeriveKey(HashAlgorithmName.SHA256, k.Secret, 32, info: "SmartHomeCam replica hop v1"u8.ToArray()))]
            : [Convert.FromBase64String(options.Value.HopKey)];
    }

    public HopSigner(byte[] key, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(key);
        keys = [key];
        this.clock = clock;
    }

    public string Sign(string method, string path)
    {
        var seconds = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return seconds + "." + Convert.ToBase64String(Mac(keys[0], seconds, method, path));
    }

    /// <summary>True for a value made by a replica sharing one of our keys, for this method and path, within ±30 s.</summary>
    public bool Verify(string? value, string method, string path)
    {
        var dot = value?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (value is null || dot <= 0 || value.Length > 128
            || !long.TryParse(value.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253_402_300_799));
        if (age.Duration() > Skew)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(value[(dot + 1)..], given, out var length) || length != 32)
        {
            return false;
        }

        var signedSeconds = value[..dot];
        var ok = false;
        foreach (var key in keys)
        {
            ok |= CryptographicOperations.FixedTimeEquals(Mac(key, signedSeconds, method, path), given[..length]);
        }

        return ok;
    }

    private static byte[] Mac(byte[] key, string seconds, string method, string path) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("hop\n" + seconds + "\n" + method + "\n" + path));
}
