using Microsoft.AspNetCore.DataProtection;

namespace SmartHomeCam.Cameras.Connections;

/// <summary>
/// Encrypts connection credentials with ASP.NET Data Protection, one purpose per provider, so a ciphertext
/// copied into another provider's row does not decrypt (and key rotation is Data Protection's business).
/// </summary>
public sealed class ConnectionCredentialProtector(IDataProtectionProvider protection)
{
    private const string PurposePrefix = "SmartHomeCam.Cameras.ProviderConnection.";

    public string? Protect(string providerId, string? credential) =>
        string.IsNullOrEmpty(credential) ? null : Protector(providerId).Protect(credential);

    /// <summary>The credential, or throws <see cref="System.Security.Cryptography.CryptographicException"/> when the keys no longer fit.</summary>
    public string? Unprotect(string providerId, string? protectedCredential) =>
        protectedCredential is null ? null : Protector(providerId).Unprotect(protectedCredential);

    private IDataProtector Protector(string providerId) => protection.CreateProtector(PurposePrefix + providerId);
}
