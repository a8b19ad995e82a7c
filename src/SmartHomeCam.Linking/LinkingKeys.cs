using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace SmartHomeCam.Linking;

/// <summary>
/// The keys that sign and encrypt codes, access and refresh tokens. Symmetric on purpose: an HMAC-SHA256
/// signature and an AES-256 key wrap cost microseconds per request, where OpenIddict's default RSA-4096 encryption
/// key made every protected request over ten times slower. Newest first: the first key of each list protects new
/// tokens, all of them are tried on validation, so a rotated-out key keeps its tokens alive until it is removed.
/// </summary>
public sealed class LinkingKeys
{
    private const int EncryptionKeyBytes = 32;
    private const int MinSigningKeyBytes = 32;

    private LinkingKeys(IReadOnlyList<SymmetricSecurityKey> signing, IReadOnlyList<SymmetricSecurityKey> encryption)
    {
        SigningKeys = signing;
        EncryptionKeys = encryption;
    }

    public IReadOnlyList<SymmetricSecurityKey> SigningKeys { get; }

    public IReadOnlyList<SymmetricSecurityKey> EncryptionKeys { get; }

    /// <summary>
    /// Keys from <c>OAuth:SigningKey</c> / <c>OAuth:EncryptionKey</c> (one base64 value or a newest-first list);
    /// whatever is not configured comes from <paramref name="keyFile"/>, created once and kept encrypted with
    /// Data Protection, so a restart never invalidates a token (which would unlink every home).
    /// </summary>
    public static LinkingKeys Load(IConfiguration oauthSection, IDataProtectionProvider protection, string keyFile)
    {
        ArgumentNullException.ThrowIfNull(oauthSection);
        ArgumentNullException.ThrowIfNull(protection);
        var signing = Configured(oauthSection.GetSection("SigningKey"), "OAuth:SigningKey", MinSigningKeyBytes, exact: false);
        var encryption = Configured(oauthSection.GetSection("EncryptionKey"), "OAuth:EncryptionKey", EncryptionKeyBytes, exact: true);
        if (signing.Count == 0 || encryption.Count == 0)
        {
            var stored = LoadOrCreateFile(protection.CreateProtector("SmartHomeCam.Linking.Keys.v1"), keyFile);
            if (signing.Count == 0)
            {
                signing = [Key(Convert.FromBase64String(stored.Signing))];
            }

            if (encryption.Count == 0)
            {
                encryption = [Key(Convert.FromBase64String(stored.Encryption))];
            }
        }

        return new LinkingKeys(signing, encryption);
    }

    /// <summary>A fresh key in the configuration format (base64 of 32 random bytes), for operators.</summary>
    public static string NewKeyText() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static List<SymmetricSecurityKey> Configured(IConfigurationSection section, string name, int bytes, bool exact)
    {
        var values = section.Value is { Length: > 0 } single
            ? [single]
            : section.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        var keys = new List<SymmetricSecurityKey>();
        foreach (var value in values)
        {
            byte[] raw;
            try
            {
                raw = Convert.FromBase64String(value.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{name} must be base64.");
            }

            if (exact ? raw.Length != bytes : raw.Length < bytes)
            {
                throw new InvalidOperationException($"{name} must be {(exact ? "exactly" : "at least")} {bytes} bytes (base64 of {bytes} random bytes).");
            }

            keys.Add(Key(raw));
        }

        return keys;
    }

    /// <summary>The key id is derived from the key, so every replica names the same key alike.</summary>
    private static SymmetricSecurityKey Key(byte[] raw) => new(raw)
    {
        KeyId = Convert.ToHexStringLower(SHA256.HashData(raw))[..16],
    };

    private static StoredKeys LoadOrCreateFile(IDataProtector protector, string path)
    {
        if (!File.Exists(path))
        {
            var created = new StoredKeys(NewKeyText(), NewKeyText());
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temp, protector.Protect(JsonSerializer.Serialize(created, StoredKeysJsonContext.Default.StoredKeys)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                // No overwrite: when two replicas start at once on one directory, the first file wins and both use it.
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }
        }

        return JsonSerializer.Deserialize(protector.Unprotect(File.ReadAllText(path)), StoredKeysJsonContext.Default.StoredKeys)
            ?? throw new InvalidOperationException($"The key file {path} is empty.");
    }
}
