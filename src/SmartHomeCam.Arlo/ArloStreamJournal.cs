using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Data;

namespace SmartHomeCam.Arlo;

/// <summary>
/// The persisted list of RTSP streams this service has open on cameras. A battery camera whose client vanishes
/// without TEARDOWN streams until its battery is flat (spec §3/§6), so at start-up every entry left by a crashed
/// process is torn down.
/// </summary>
public sealed class ArloStreamJournal(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ArloStreamJournal> logger)
{
    public async Task<Guid> OpenedAsync(string serial, Uri url, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var entry = new ArloStreamJournalEntry { Id = Guid.NewGuid(), Serial = serial, RtspUrl = url.ToString(), OpenedAt = clock.GetUtcNow() };
        db.ArloStreamJournal.Add(entry);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return entry.Id;
    }

    public async Task SessionAsync(Guid id, string sessionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.ArloStreamJournal.Where(e => e.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.SessionId, sessionId), cancellationToken).ConfigureAwait(false);
    }

    public async Task ClosedAsync(Guid id)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.ArloStreamJournal.Where(e => e.Id == id).ExecuteDeleteAsync().ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ArloStreamJournalEntry>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.ArloStreamJournal.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Tears down what a previous process left open. Called at start, before any stream of ours exists; entries
    /// that cannot be torn down yet (camera unreachable) are kept for the next start.
    /// </summary>
    public async Task<int> RecoverAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var recovered = 0;
        foreach (var entry in await ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var done = entry.SessionId is null; // never got past SETUP: nothing to tear down
            if (!done && Uri.TryCreate(entry.RtspUrl, UriKind.Absolute, out var url))
            {
                try
                {
                    done = await RtspTeardown.SendAsync(url, entry.SessionId!, timeout, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning("Arlo camera {Serial}: tearing down a stream left open failed: {Error}", entry.Serial, ex.Message);
                }
            }
            else
            {
                done = true;
            }

            if (done)
            {
                logger.LogInformation("Arlo camera {Serial}: stream left open by an earlier run torn down", entry.Serial);
                await ClosedAsync(entry.Id).ConfigureAwait(false);
                recovered++;
            }
        }

        return recovered;
    }
}
