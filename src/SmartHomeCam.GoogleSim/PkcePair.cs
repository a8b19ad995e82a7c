using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SmartHomeCam.GoogleSim;

/// <summary>A PKCE code verifier and its S256 challenge (RFC 7636 §4.1–4.2), for clients that send one.</summary>
public sealed record PkcePair(string Verifier, string Challenge)
{
    /// <summary>A fresh verifier of 256 random bits (43 base64url characters).</summary>
    public static PkcePair Create() => For(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The S256 challenge of a given verifier: BASE64URL(SHA256(ASCII(verifier))).</summary>
    public static PkcePair For(string verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return new PkcePair(verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }
}
