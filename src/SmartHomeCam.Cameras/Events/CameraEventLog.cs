using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Data;

namespace SmartHomeCam.Cameras.Events;

/// <summary>
/// Recent events of an account, read from the outbox (delivered ones are kept for a while). The dashboard reads
/// here rather than holding its own in-memory copy, so every replica shows the same history, also after a restart.
/// </summary>
public sealed class CameraEventLog(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<LoggedCameraEvent>> RecentAsync(string userId, int count, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.CameraEvents.AsNoTracking().Where(r => r.UserId == userId)
            .OrderByDescending(r => r.Id).Take(count).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new LoggedCameraEvent(CameraEventOutbox.FromRecord(r), r.DispatchedAt is not null, r.LastError)).ToList();
    }
}

/// <summary>An event as the dashboard shows it: delivered yet, and the last subscriber error if any.</summary>
public sealed record LoggedCameraEvent(CameraEvent Event, bool Delivered, string? LastError);
