using System.Text.Json.Serialization;

namespace SmartHomeCam.Linking;

/// <summary>The generated keys as kept (encrypted) in the data directory.</summary>
internal sealed record StoredKeys(string Signing, string Encryption);

[JsonSerializable(typeof(StoredKeys))]
internal sealed partial class StoredKeysJsonContext : JsonSerializerContext;
