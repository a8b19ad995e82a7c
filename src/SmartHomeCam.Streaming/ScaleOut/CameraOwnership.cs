using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Coordination;

namespace SmartHomeCam.Streaming.ScaleOut;

/// <summary>
/// One capture session per camera across replicas: a replica may open a camera only while it holds the camera's
/// lease. With in-memory coordination (one process) every claim succeeds without a lease, as before scale-out.
/// </summary>
public sealed class CameraOwnership
{
    public const string LeaseKeyPrefix = "capture:";

    /// <summary>
    /// A coordination call slower than this counts as unreachable (StackExchange.Redis would otherwise hold commands
    /// in its backlog for seconds while reconnecting), and for this long after a failure claims do not try again.
    /// </summary>
    internal static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(1);
    private long unreachableUntilTicks;
    private readonly ICoordination coordination;
    private readonly ReplicaIdentity replica;
    private readonly StreamingOptions options;
    private readonly TimeProvider clock;
    private readonly ILoggerFactory loggers;
    private readonly ILogger logger;

    // The last owner seen per camera: while Redis is unreachable, stream requests still find the session.
    private readonly ConcurrentDictionary<string, OwnerRecord> lastSeen = new(StringComparer.Ordinal);

    // The owner read within the last second: a player's steady requests on a non-owner cost no Redis round trip.
    private readonly OwnerCache recent;

    public CameraOwnership(ICoordination coordination, ReplicaIdentity replica, IOptions<StreamingOptions> options, TimeProvider clock, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        this.coordination = coordination;
        this.replica = replica;
        this.options = options.Value;
        this.clock = clock;
        this.loggers = loggers;
        logger = loggers.CreateLogger<CameraOwnership>();
        Shared = coordination is not InMemoryCoordination;
        recent = new OwnerCache(clock, OwnerCache.DefaultLifetime);
    }

    /// <summary>True when replicas share coordination (Redis): sessions are leased and requests may be forwarded.</summary>
    public bool Shared { get; }

    public static string LeaseKey(string deviceId) => LeaseKeyPrefix + deviceId;

    /// <summary>Owners remembered briefly (see <see cref="OwnerCache"/>); exposed for tests and the operator's view.</summary>
    public OwnerCache RecentOwners => recent;

    /// <summary>
    /// Takes the camera's lease, or says who has it. Another replica's ownership read within the last second is
    /// answered from memory (no Redis call): until it expires or a hop to that owner fails, it is still the owner.
    /// </summary>
    public async Task<OwnershipClaim> ClaimAsync(string deviceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        if (!Shared)
        {
            return OwnershipClaim.Local;
        }

        if (recent.Find(deviceId) is { } remembered)
        {
            return OwnershipClaim.Elsewhere(remembered);
        }

        if (clock.GetUtcNow().UtcTicks < Interlocked.Read(ref unreachableUntilTicks))
        {
            return OwnershipClaim.Unreachable(LastSeenOwner(deviceId));
        }

        try
        {
            var at = clock.GetUtcNow();
            // A read first: while Redis is unreachable StackExchange.Redis holds commands in its backlog, and an acquire
            // held there would run when Redis is back — taking the lease, unknown to us, from the owner that is just
            // re-establishing it (its reader then stops). A held read is harmless; a read that answered means an
            // acquire sent right after it is answered too.
            await coordination.GetAsync(OwnerRecord.Key(deviceId)).WaitAsync(CallTimeout, clock, cancellationToken).ConfigureAwait(false);
            var lease = await coordination.TryAcquireLeaseAsync(LeaseKey(deviceId), replica.Id, options.OwnerLeaseDuration)
                .WaitAsync(CallTimeout, clock, cancellationToken).ConfigureAwait(false);
            if (lease is not null)
            {
                if (LastSeenOwner(deviceId) is { } former && former.FencingNumber >= lease.FencingNumber)
                {
                    // Fencing numbers only grow unless Redis lost its keys (a restart without persistence): the owner we
                    // last saw may still be reading the camera and about to take its lease again. Give the lease back
                    // and forward to it; if it is dead, the failed forward forgets it and the next claim takes over.
                    logger.LogWarning("Coordination lost its leases (fencing number {New} after {Old}); {DeviceId} stays with {Owner} for now.",
                        lease.FencingNumber, former.FencingNumber, deviceId, former.ReplicaId);
                    await coordination.ReleaseLeaseAsync(lease).WaitAsync(CallTimeout, clock, cancellationToken).ConfigureAwait(false);
                    return OwnershipClaim.Elsewhere(former);
                }

                var record = new OwnerRecord(deviceId, lease.FencingNumber, replica.Id, replica.Address);
                await coordination.SetAsync(OwnerRecord.Key(deviceId), record.Format(), options.OwnerLeaseDuration).WaitAsync(CallTimeout, clock, cancellationToken).ConfigureAwait(false);
                lastSeen[deviceId] = record;
                var held = new CameraLease(coordination, lease, replica.Address, options.OwnerLeaseDuration, at, clock, loggers.CreateLogger<CameraLease>());
                return OwnershipClaim.Owned(held);
            }

            var owner = OwnerRecord.TryParse(deviceId, await coordination.GetAsync(OwnerRecord.Key(deviceId)).WaitAsync(CallTimeout, clock, cancellationToken).ConfigureAwait(false));
            if (owner is null || owner.ReplicaId == replica.Id)
            {
                return OwnershipClaim.Busy; // held, but its record is not written yet (or is being replaced)
            }

            lastSeen[deviceId] = owner;
            recent.Remember(owner);
            return OwnershipClaim.Elsewhere(owner);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref unreachableUntilTicks, (clock.GetUtcNow() + CallTimeout).UtcTicks);
            logger.LogWarning("Coordination unreachable while claiming {DeviceId}: {Reason}", deviceId, e.Message);
            return OwnershipClaim.Unreachable(LastSeenOwner(deviceId));
        }
    }

    /// <summary>The owner last seen for the camera on another replica (may be stale).</summary>
    public OwnerRecord? LastSeenOwner(string deviceId) =>
        lastSeen.TryGetValue(deviceId, out var owner) && owner.ReplicaId != replica.Id ? owner : null;

    /// <summary>Forgets an owner that did not answer (or no longer owns the camera), so the next request claims instead of forwarding to it.</summary>
    public void ForgetOwner(OwnerRecord owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lastSeen.TryRemove(new KeyValuePair<string, OwnerRecord>(owner.DeviceId, owner));
        recent.Forget(owner);
    }

    /// <summary>
    /// The owner answered, but under another fencing number than the one remembered (its lease was taken again, e.g.
    /// after a Redis restart): the next request reads the owner record again. It stays the last owner seen.
    /// </summary>
    public void OwnerAnsweredUnder(OwnerRecord owner, long? fencingNumber)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (fencingNumber != owner.FencingNumber)
        {
            recent.Forget(owner);
        }
    }
}
