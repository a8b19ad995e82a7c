using SmartHomeCam.Coordination;

namespace SmartHomeCam.Streaming.ScaleOut;

/// <summary>What the operator page shows: live replicas (from heartbeats) and which replica owns each camera's session.</summary>
public sealed class ReplicaDirectory(ICoordination coordination, ReplicaIdentity replica, CameraOwnership ownership)
{
    public string SelfId => replica.Id;

    public bool Shared => ownership.Shared;

    public async Task<IReadOnlyList<ReplicaRecord>> ReplicasAsync()
    {
        var facts = await coordination.ScanAsync(ReplicaRecord.KeyPrefix).ConfigureAwait(false);
        return [.. facts.Select(f => ReplicaRecord.TryParse(f.Key, f.Value)).OfType<ReplicaRecord>().OrderBy(r => r.StartedAt)];
    }

    public async Task<IReadOnlyList<OwnerRecord>> OwnersAsync()
    {
        var facts = await coordination.ScanAsync(OwnerRecord.KeyPrefix).ConfigureAwait(false);
        return [.. facts.Select(f => OwnerRecord.TryParse(f.Key[OwnerRecord.KeyPrefix.Length..], f.Value)).OfType<OwnerRecord>()
            .OrderBy(o => o.DeviceId, StringComparer.Ordinal)];
    }
}
