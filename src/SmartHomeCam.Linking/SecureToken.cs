using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SmartHomeCam.Linking;

/// <summary>Opaque high-entropy tokens (codes, access/refresh tokens, client secrets) and their storage hashes.</summary>
public static class SecureToken
{
    /// <summary>256 bits of randomness, base64url without padding (43 characters).</summary>
    public static string Create(string prefix = "")
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return prefix + Base64Url.EncodeToString(bytes);
    }

    /// <summary>SHA-256 of the UTF-8 token: what the database stores instead of the token.</summary>
    public static byte[] Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>Constant-time check of a presented secret against a stored hash.</summary>
    public static bool Matches(string? presented, byte[] storedHash)
    {
        ArgumentNullException.ThrowIfNull(storedHash);
        if (presented is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);
    }
}
