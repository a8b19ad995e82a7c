namespace SmartHomeCam.Cameras.Connections;

/// <summary>A connection as the dashboard and CLI show it: no credential, only whether one is stored.</summary>
public sealed record ConnectionSummary(
    Guid Id,
    string ProviderId,
    string DisplayName,
    IReadOnlyDictionary<string, string> Settings,
    bool HasCredential,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastListedAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int CameraCount);
