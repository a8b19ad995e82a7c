using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SmartHomeCam.Linking;

/// <summary>Proof Key for Code Exchange (RFC 7636), S256 only: "plain" offers no protection against code interception.</summary>
public static class Pkce
{
    public const string MethodS256 = "S256";

    /// <summary>A challenge is base64url(SHA-256) = 43 characters of the base64url alphabet.</summary>
    public static bool IsValidChallenge(string? challenge) =>
        challenge is { Length: 43 } && challenge.All(IsBase64UrlChar);

    /// <summary>RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~].</summary>
    public static bool IsValidVerifier(string? verifier) =>
        verifier is { Length: >= 43 and <= 128 } && verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    public static string ChallengeFor(string verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    public static bool Verify(string? verifier, string challenge)
    {
        if (!IsValidVerifier(verifier))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(ChallengeFor(verifier!));
        var actual = Encoding.ASCII.GetBytes(challenge);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
