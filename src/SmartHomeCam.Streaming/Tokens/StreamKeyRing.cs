using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Streaming.Tokens;

/// <summary>
/// The stream-token keys: from configuration when given (replicas must share them), otherwise one key generated
/// on first start and kept in the data directory, encrypted with Data Protection, so tokens survive restarts.
/// </summary>
public sealed class StreamKeyRing
{
    public StreamKeyRing(IOptions<StreamingOptions> options, IDataProtectionProvider protection, StreamKeyFile file)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(file);
        var configured = options.Value.SigningKeys?.Where(k => !string.IsNullOrWhiteSpace(k)).ToList() ?? [];
        var keys = configured.Count > 0
            ? configured.Select(StreamSigningKey.Parse).ToList()
            : [LoadOrCreate(protection.CreateProtector("SmartHomeCam.StreamKeys.v1"), file.Path)];
        Keys = keys;
        Codec = new StreamTokenCodec(keys);
    }

    public StreamTokenCodec Codec { get; }

    /// <summary>Newest first (other secrets shared by replicas, e.g. the hop key, are derived from these).</summary>
    public IReadOnlyList<StreamSigningKey> Keys { get; }

    private static StreamSigningKey LoadOrCreate(IDataProtector protector, string path)
    {
        if (File.Exists(path))
        {
            return StreamSigningKey.Parse(protector.Unprotect(File.ReadAllText(path)));
        }

        var key = $"k{RandomNumberGenerator.GetHexString(6, lowercase: true)}:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}";
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        // Write then rename: a crash never leaves a half-written key file behind.
        var temp = path + ".tmp";
        File.WriteAllText(temp, protector.Protect(key));
        File.Move(temp, path, overwrite: true);
        return StreamSigningKey.Parse(key);
    }
}

/// <summary>Where the generated key lives (the host decides; usually the data directory).</summary>
public sealed record StreamKeyFile(string Path);
