namespace SmartHomeCam.Cameras.Connections;

/// <summary>What the owner entered to connect a provider account.</summary>
public sealed class ConnectionRequest(string displayName, IReadOnlyDictionary<string, string> fields, string? credential)
{
    public string DisplayName { get; } = displayName;

    public IReadOnlyDictionary<string, string> Fields { get; } = fields;

    /// <summary>The secret; encrypted before it is stored and never logged.</summary>
    public string? Credential { get; } = credential;

    public string? Field(string name) =>
        Fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Kept free of the credential, in case a request ends up in a log.</summary>
    public override string ToString() => $"connection request '{DisplayName}'";
}
