using System.Security.Cryptography;
using System.Text;

namespace SmartHomeCam.Linking.Tests;

/// <summary>RFC 7636 §4.2 S256, computed the way a client does.</summary>
internal static class PkceChallenge
{
    public static string For(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
