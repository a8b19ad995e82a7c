using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SmartHomeCam.Streaming.Tokens;

/// <summary>
/// Stateless stream capabilities: base64url( v2 | kid | iat | exp | device | user | HMAC-SHA256 ).
/// Verification is pure computation with a constant-time MAC comparison, so every playlist and segment
/// request is checked without touching the database.
/// </summary>
/// <remarks>
/// v1 also carried a capture-session id that nothing checked. It is gone on purpose: a token is a capability
/// for a camera, not for one run of its pipeline, and must keep working when the session idles out and
/// restarts, after a process restart, and on another replica.
/// </remarks>
public sealed class StreamTokenCodec
{
    private const byte Version = 2;
    private const int MacLength = 32;
    private const int MaxTokenChars = 512;
    private readonly StreamSigningKey[] keys;

    public StreamTokenCodec(IReadOnlyList<StreamSigningKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one signing key is needed.", nameof(keys));
        }

        this.keys = [.. keys];
    }

    public string Encode(string deviceId, string userId, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var key = keys[0];
        var kid = Encoding.UTF8.GetBytes(key.Id);
        var device = Encoding.UTF8.GetBytes(deviceId);
        var user = Encoding.UTF8.GetBytes(userId);
        if (device.Length > 255 || user.Length > 255)
        {
            throw new ArgumentException("Device and user ids must be at most 255 bytes.");
        }

        var body = new byte[1 + 1 + kid.Length + 8 + 8 + 1 + device.Length + 1 + user.Length];
        var w = 0;
        body[w++] = Version;
        body[w++] = (byte)kid.Length;
        kid.CopyTo(body, w);
        w += kid.Length;
        // Milliseconds: a URL minted right after a relink must not fall in the same tick as the revocation before it.
        BinaryPrimitives.WriteInt64BigEndian(body.AsSpan(w), issuedAt.ToUnixTimeMilliseconds());
        w += 8;
        BinaryPrimitives.WriteInt64BigEndian(body.AsSpan(w), expiresAt.ToUnixTimeSeconds());
        w += 8;
        body[w++] = (byte)device.Length;
        device.CopyTo(body, w);
        w += device.Length;
        body[w++] = (byte)user.Length;
        user.CopyTo(body, w);

        var token = new byte[body.Length + MacLength];
        body.CopyTo(token, 0);
        HMACSHA256.HashData(key.Secret, body, token.AsSpan(body.Length));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>The claims of a genuine, unexpired token; null for anything else (no reason is given out).</summary>
    public StreamTokenClaims? Decode(string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenChars)
        {
            return null;
        }

        Span<byte> raw = stackalloc byte[MaxTokenChars];
        if (Base64Url.DecodeFromChars(token, raw, out var consumed, out var length) != System.Buffers.OperationStatus.Done || consumed != token.Length)
        {
            return null;
        }

        raw = raw[..length];
        if (raw.Length < 2 + 16 + 2 + MacLength || raw[0] != Version)
        {
            return null;
        }

        var body = raw[..^MacLength];
        var kidLength = body[1];
        if (2 + kidLength + 16 + 2 > body.Length)
        {
            return null;
        }

        var kid = Encoding.UTF8.GetString(body.Slice(2, kidLength));
        var key = Array.Find(keys, k => k.Id == kid);
        if (key is null)
        {
            return null;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(key.Secret, body, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, raw[^MacLength..]))
        {
            return null;
        }

        // Authentic from here on: the layout was written by us.
        var r = 2 + kidLength;
        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(body[r..]));
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(body[(r + 8)..]));
        r += 16;
        var device = Encoding.UTF8.GetString(body.Slice(r + 1, body[r]));
        r += 1 + body[r];
        var user = Encoding.UTF8.GetString(body.Slice(r + 1, body[r]));
        return expires <= now ? null : new StreamTokenClaims(device, user, issued, expires, kid);
    }
}
