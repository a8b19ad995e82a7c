using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Data;

namespace SmartHomeCam.HomeGraph.Reporting;

/// <summary>The <see cref="HomeGraphAccount"/> rows: who Google knows, who is stopped, what is pending, what happened last.</summary>
public sealed class HomeGraphAccountStore(IServiceScopeFactory scopes, TimeProvider clock)
{
    private const int MaxErrorLength = 500;

    public async Task<HomeGraphAccount?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.HomeGraphAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.UserId == userId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every account, for the dashboard and the status CLI.</summary>
    public async Task<IReadOnlyList<HomeGraphAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.HomeGraphAccounts.AsNoTracking().OrderBy(a => a.UserId).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SYNC answered: Google knows the agent user (again); reporting resumes.</summary>
    public Task LinkedAsync(string userId, string agentUserId, CancellationToken cancellationToken) =>
        UpsertAsync(userId, a =>
        {
            a.AgentUserId = agentUserId;
            a.StoppedAt = null;
            a.StoppedReason = null;
        }, cancellationToken);

    public Task StopAsync(string userId, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(userId, a => Stop(a, reason), cancellationToken);

    /// <summary>
    /// Stops reporting unless it already stopped, keeping the earlier reason: a report in flight when the linking
    /// ended meets HomeGraph's 404, and "linking ended" is what the operator should read.
    /// </summary>
    public Task StopUnlessStoppedAsync(string userId, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(userId, a =>
        {
            if (a.StoppedAt is null)
            {
                Stop(a, reason);
            }
        }, cancellationToken);

    /// <summary>Marks unreported changes so a restart re-reports the account (one write per batch, not per event).</summary>
    public Task MarkPendingAsync(string userId, CancellationToken cancellationToken) =>
        UpdateAsync(userId, a => a.PendingSince ??= clock.GetUtcNow(), cancellationToken);

    public Task ReportedAsync(string userId, bool notification, CancellationToken cancellationToken) =>
        UpdateAsync(userId, a =>
        {
            var now = clock.GetUtcNow();
            if (notification)
            {
                a.LastNotificationAt = now;
            }
            else
            {
                a.LastReportAt = now;
                a.PendingSince = null;
            }
        }, cancellationToken);

    public Task RequestSyncedAsync(string userId, CancellationToken cancellationToken) =>
        UpdateAsync(userId, a => a.LastRequestSyncAt = clock.GetUtcNow(), cancellationToken);

    public Task FailedAsync(string userId, string error, CancellationToken cancellationToken) =>
        UpdateAsync(userId, a =>
        {
            a.LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
            a.LastErrorAt = clock.GetUtcNow();
        }, cancellationToken);

    /// <summary>Accounts with changes accepted but never reported (the process stopped first).</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.HomeGraphAccounts.AsNoTracking().Where(a => a.PendingSince != null && a.StoppedAt == null)
            .Select(a => a.UserId).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task UpsertAsync(string userId, Action<HomeGraphAccount> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.HomeGraphAccounts.FirstOrDefaultAsync(a => a.UserId == userId, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                row = new HomeGraphAccount { UserId = userId };
                db.HomeGraphAccounts.Add(row);
            }

            change(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Another replica inserted it first: update theirs.
            }
        }
    }

    private void Stop(HomeGraphAccount a, string reason)
    {
        a.StoppedAt = clock.GetUtcNow();
        a.StoppedReason = reason.Length > 200 ? reason[..200] : reason;
        a.PendingSince = null;
    }

    private async Task UpdateAsync(string userId, Action<HomeGraphAccount> change, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.HomeGraphAccounts.FirstOrDefaultAsync(a => a.UserId == userId, cancellationToken).ConfigureAwait(false);
        if (row is not null)
        {
            change(row);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
