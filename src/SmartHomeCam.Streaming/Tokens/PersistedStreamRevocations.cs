using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Data;

namespace SmartHomeCam.Streaming.Tokens;

/// <summary>
/// Revocations that survive a restart (the signing key does, so a revoked URL must not come back): checked in
/// memory on every request, written through to <see cref="StreamRevocation"/> rows, loaded at start. Rows and
/// entries older than the token lifetime are pruned, since every token they voided has expired by then.
/// Every replica writes the same notice; the write keeps the later instant, so that is harmless.
/// </summary>
public sealed class PersistedStreamRevocations(
    IServiceScopeFactory scopes, IOptions<StreamingOptions> options, TimeProvider clock, ILogger<PersistedStreamRevocations> logger)
    : IStreamRevocations, IHostedService
{
    private readonly InMemoryStreamRevocations memory = new();
    private readonly Lock gate = new();
    private Task writes = Task.CompletedTask;

    public void RevokeUser(string userId, DateTimeOffset before)
    {
        memory.RevokeUser(userId, before);
        memory.Prune(Cutoff());
        lock (gate)
        {
            // One write at a time, in order; StopAsync waits for the last.
            writes = writes.ContinueWith(_ => SaveAsync(userId, before), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    public bool IsRevoked(string userId, DateTimeOffset issuedAt) => memory.IsRevoked(userId, issuedAt);

    /// <summary>Loads the live revocations; a database without the table is an error worth stopping for.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var cutoff = Cutoff();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.StreamRevocations.Where(r => r.RevokedBefore < cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in await db.StreamRevocations.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            memory.RevokeUser(row.UserId, row.RevokedBefore);
        }

        logger.LogDebug("Loaded {Count} stream-URL revocations.", memory.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task pending;
        lock (gate)
        {
            pending = writes;
        }

        await pending.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private DateTimeOffset Cutoff() => clock.GetUtcNow() - options.Value.TokenLifetime;

    private async Task SaveAsync(string userId, DateTimeOffset before)
    {
        // Two attempts: a replica handling the same notice may insert the row between our read and our insert.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var row = await db.StreamRevocations.FindAsync(userId).ConfigureAwait(false);
                if (row is null)
                {
                    db.StreamRevocations.Add(new StreamRevocation { UserId = userId, RevokedBefore = before });
                }
                else if (row.RevokedBefore < before)
                {
                    row.RevokedBefore = before;
                }

                await db.SaveChangesAsync().ConfigureAwait(false);
                var cutoff = Cutoff();
                await db.StreamRevocations.Where(r => r.RevokedBefore < cutoff).ExecuteDeleteAsync().ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // retry once against the row the other replica wrote
            }
            catch (Exception e)
            {
                logger.LogError(e, "Persisting a stream-URL revocation failed; it holds until this process restarts.");
                return;
            }
        }
    }
}
