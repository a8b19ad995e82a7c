using SmartHomeCam.NestLegacy.Auth;

namespace SmartHomeCam.NestLegacy.Streaming;

/// <summary>Which camera a source streams, and the connection credentials it logs in with.</summary>
public sealed class NestStreamTarget(Guid connectionId, NestLegacyCredentials credentials, string uuid)
{
    public Guid ConnectionId { get; } = connectionId;

    public NestLegacyCredentials Credentials { get; } = credentials;

    public string Uuid { get; } = uuid;

    public override string ToString() => $"Nest camera {Uuid}";
}
