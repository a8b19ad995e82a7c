using SmartHomeCam.Cameras;

namespace SmartHomeCam.Fulfillment;

/// <summary>
/// Told after every SYNC answer (HomeGraph reports the account's state once Google knows its devices, spec §5
/// "once right after the first SYNC"). Called on the request path: must only hand the work on, never wait for I/O.
/// </summary>
public interface ISyncObserver
{
    void SyncAnswered(string userId, string agentUserId, IReadOnlyList<CatalogCamera> cameras);
}
