using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Coordination;
using SmartHomeCam.Streaming.Sessions;

namespace SmartHomeCam.Streaming.ScaleOut;

/// <summary>
/// Announces this replica in coordination every <see cref="StreamingOptions.ReplicaHeartbeat"/> (the fact lapses after
/// three missed beats) for the operator page; withdrawn on shutdown. Coordination being down only skips beats.
/// </summary>
public sealed class ReplicaHeartbeat(
    ICoordination coordination, ReplicaIdentity replica, CaptureSessionRegistry sessions, IOptions<StreamingOptions> options,
    TimeProvider clock, ILogger<ReplicaHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A beat before the server listens (its address unknown yet) just fails and the next one succeeds.
        var period = options.Value.ReplicaHeartbeat;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(period * 3).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug("Replica heartbeat skipped: {Reason}", e.Message);
            }

            try
            {
                await Task.Delay(period, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await coordination.SetAsync(ReplicaRecord.KeyPrefix + replica.Id, "leaving", TimeSpan.FromMilliseconds(1)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug("Replica heartbeat not withdrawn: {Reason}", e.Message);
        }
    }

    private Task BeatAsync(TimeSpan lifetime)
    {
        var owned = sessions.All.Count(s => s.IsOwnedHere);
        var record = new ReplicaRecord(replica.Id, replica.Address, replica.StartedAt, owned, clock.GetUtcNow());
        return coordination.SetAsync(record.Key, record.Format(), lifetime);
    }
}
