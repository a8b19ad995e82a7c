namespace SmartHomeCam.Cameras.Connections;

/// <summary>
/// A connection as its provider sees it: settings and the decrypted credential. Not a record on purpose: a
/// record's generated <c>ToString</c> would print the credential into any log line that mentions it.
/// </summary>
public sealed class ProviderConnectionContext(
    Guid id, string userId, string providerId, string displayName, IReadOnlyDictionary<string, string> settings, string? credential)
{
    public Guid Id { get; } = id;

    public string UserId { get; } = userId;

    public string ProviderId { get; } = providerId;

    public string DisplayName { get; } = displayName;

    public IReadOnlyDictionary<string, string> Settings { get; } = settings;

    public string? Credential { get; } = credential;

    public string? Setting(string name) => Settings.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => $"{ProviderId} connection {Id:N}";
}
