using Microsoft.Extensions.Logging;
using SmartHomeCam.Coordination;

namespace SmartHomeCam.Streaming.ScaleOut;

/// <summary>
/// This replica's lease on one camera, kept alive while its capture session runs. Renewed every third of its
/// lifetime; when Redis says it is gone (expired or restarted empty) it is taken again if nobody else has it,
/// otherwise the session is told at once and must stop its reader. While Redis cannot be reached the session
/// keeps serving until the lease would have expired unrenewed — from then on another replica may hold it.
/// </summary>
public sealed class CameraLease : IAsyncDisposable
{
    private readonly ICoordination coordination;
    private readonly string address;
    private readonly TimeSpan lifetime;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim renewing = new(1, 1);
    private Lease current;
    private DateTimeOffset confirmedAt;
    private Task? keeper;
    private int lost;
    private int disposed;

    internal CameraLease(ICoordination coordination, Lease lease, Uri address, TimeSpan lifetime, DateTimeOffset acquiredAt, TimeProvider clock, ILogger logger)
    {
        this.coordination = coordination;
        current = lease;
        this.address = address.AbsoluteUri;
        this.lifetime = lifetime;
        this.clock = clock;
        this.logger = logger;
        confirmedAt = acquiredAt;
    }

    /// <summary>The camera's lease key (see <see cref="CameraOwnership.LeaseKey"/>).</summary>
    public string Key => current.Key;

    public string DeviceId => Key[CameraOwnership.LeaseKeyPrefix.Length..];

    public long FencingNumber => Volatile.Read(ref current).FencingNumber;

    /// <summary>False once lost or released.</summary>
    public bool IsHeld => Volatile.Read(ref lost) == 0 && Volatile.Read(ref disposed) == 0;

    /// <summary>Renewal period: a third of the lifetime, so two renewals may fail before the lease can lapse.</summary>
    public TimeSpan RenewPeriod => lifetime / 3;

    /// <summary>Starts renewing; <paramref name="onLost"/> runs once when the lease is gone for good.</summary>
    public void Keep(Func<Task> onLost)
    {
        ArgumentNullException.ThrowIfNull(onLost);
        keeper ??= Task.Run(() => KeepAsync(onLost), CancellationToken.None);
    }

    /// <summary>
    /// The fencing check before the owner touches the camera: renews now (the script compares fencing number and
    /// owner). True while this replica still holds the lease, or cannot reach Redis but is inside its lifetime.
    /// </summary>
    public async Task<bool> ConfirmAsync(CancellationToken cancellationToken)
    {
        if (!IsHeld)
        {
            return false;
        }

        try
        {
            return await RenewOnceAsync(cancellationToken).ConfigureAwait(false) switch
            {
                Renewal.Held => true,
                Renewal.Contended => WithinLifetime() || MarkLost(),
                _ => MarkLost(),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return WithinLifetime() || MarkLost();
        }
    }

    /// <summary>Stops renewing, then ends the lease and its owner record (hand-over: the next claimant needs no wait).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        if (keeper is not null)
        {
            await keeper.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (Volatile.Read(ref lost) == 0)
        {
            try
            {
                var lease = Volatile.Read(ref current);
                if (await coordination.ReleaseLeaseAsync(lease).ConfigureAwait(false))
                {
                    // Coordination has no delete; a record that lapses in a millisecond is the same.
                    await coordination.SetAsync(OwnerRecord.Key(DeviceId), "released", TimeSpan.FromMilliseconds(1)).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                logger.LogWarning("Releasing the lease on {DeviceId} failed ({Reason}); it lapses by itself.", DeviceId, e.Message);
            }
        }

        stopping.Dispose();
        renewing.Dispose();
    }

    private async Task KeepAsync(Func<Task> onLost)
    {
        var token = stopping.Token;
        while (!token.IsCancellationRequested && Volatile.Read(ref lost) == 0)
        {
            var wait = RenewPeriod;
            try
            {
                switch (await RenewOnceAsync(token).ConfigureAwait(false))
                {
                    case Renewal.Lost:
                        MarkLost();
                        break;
                    case Renewal.Contended when !WithinLifetime():
                        logger.LogWarning("Lease on {DeviceId} still held by a passing claimant at the end of its lifetime; stopping the reader.", DeviceId);
                        MarkLost();
                        break;
                    case Renewal.Contended:
                        logger.LogInformation("Lease on {DeviceId} is held by a replica that has not taken the camera over; keeping the reader and retrying.", DeviceId);
                        wait = ContendedRetryPeriod; // the claimant hands it back within a round trip or two
                        break;
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (!WithinLifetime())
                {
                    logger.LogWarning("Lease on {DeviceId} not renewed within its lifetime ({Reason}); stopping the reader.", DeviceId, e.Message);
                    MarkLost();
                }
                else
                {
                    logger.LogWarning("Renewing the lease on {DeviceId} failed ({Reason}); still serving, retrying.", DeviceId, e.Message);
                    wait = RetryPeriod; // be first back when Redis is
                }
            }

            if (Volatile.Read(ref lost) == 1)
            {
                break;
            }

            try
            {
                await Task.Delay(wait, clock, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (Volatile.Read(ref lost) == 1 && !token.IsCancellationRequested)
        {
            await onLost().ConfigureAwait(false);
        }
    }

    private TimeSpan RetryPeriod => TimeSpan.FromMilliseconds(Math.Min(250, RenewPeriod.TotalMilliseconds));

    private TimeSpan ContendedRetryPeriod => TimeSpan.FromMilliseconds(Math.Min(100, RenewPeriod.TotalMilliseconds));

    /// <summary>
    /// One renewal; a lease Redis no longer has (it lapsed, or Redis restarted empty) is taken again when nobody
    /// else did meanwhile (a new fencing number, the reader keeps running). <see cref="Renewal.Lost"/> only when another
    /// replica has taken the camera over, which it says in its owner record in the same claim. A lease held by someone
    /// whose record is not there is <see cref="Renewal.Contended"/>: after Redis restarted empty, a replica that saw this
    /// one as owner may acquire the lease for an instant before it hands it back (see <see cref="CameraOwnership.ClaimAsync"/>),
    /// and giving up then would restart this reader for nothing (issue 13). Retried while within the lifetime.
    /// </summary>
    private async Task<Renewal> RenewOnceAsync(CancellationToken cancellationToken)
    {
        await renewing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sentAt = clock.GetUtcNow();
            var lease = Volatile.Read(ref current);
            if (!await coordination.RenewLeaseAsync(lease, lifetime).WaitAsync(CameraOwnership.CallTimeout, clock, cancellationToken).ConfigureAwait(false))
            {
                var again = await coordination.TryAcquireLeaseAsync(lease.Key, lease.OwnerId, lifetime).WaitAsync(CameraOwnership.CallTimeout, clock, cancellationToken).ConfigureAwait(false);
                if (again is null)
                {
                    var holder = OwnerRecord.TryParse(DeviceId, await coordination.GetAsync(OwnerRecord.Key(DeviceId))
                        .WaitAsync(CameraOwnership.CallTimeout, clock, cancellationToken).ConfigureAwait(false));
                    return holder is null || holder.ReplicaId == lease.OwnerId ? Renewal.Contended : Renewal.Lost;
                }

                logger.LogInformation("Lease on {DeviceId} re-established (fencing number {Old} → {New}).", DeviceId, lease.FencingNumber, again.FencingNumber);
                Volatile.Write(ref current, again);
                lease = again;
            }

            confirmedAt = sentAt; // counted from before the request: the lease may have been extended only then
            var record = new OwnerRecord(DeviceId, lease.FencingNumber, lease.OwnerId, new Uri(address));
            await coordination.SetAsync(OwnerRecord.Key(DeviceId), record.Format(), lifetime).WaitAsync(CameraOwnership.CallTimeout, clock, cancellationToken).ConfigureAwait(false);
            return Renewal.Held;
        }
        finally
        {
            renewing.Release();
        }
    }

    private enum Renewal
    {
        Held,
        Lost,
        Contended,
    }

    private bool WithinLifetime() => clock.GetUtcNow() - confirmedAt < lifetime;

    private bool MarkLost()
    {
        if (Interlocked.Exchange(ref lost, 1) == 0)
        {
            logger.LogWarning("Lease on {DeviceId} lost; this replica stops its reader.", DeviceId);
        }

        return false;
    }
}
