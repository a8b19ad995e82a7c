using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;

namespace SmartHomeCam.Cameras.Connections;

/// <summary>Adds, lists, reconnects and removes an account's provider connections (dashboard and CLI share it).</summary>
public sealed class ConnectionManager(
    IServiceScopeFactory scopes,
    CameraCatalog catalog,
    ConnectionCredentialProtector protector,
    CameraListingCache cache,
    CameraEventSignal eventSignal,
    TimeProvider clock)
{
    public const int MaxNameLength = 100;

    /// <summary>Providers an owner can connect, in registration order.</summary>
    public IReadOnlyList<IConnectableCameraProvider> Providers => catalog.Providers.OfType<IConnectableCameraProvider>().ToList();

    public async Task<ConnectionSummary> AddAsync(string userId, string providerId, ConnectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var provider = Providers.FirstOrDefault(p => p.Id == providerId)
            ?? throw new ConnectionRejectedException($"Unknown camera provider '{providerId}'; available: {string.Join(", ", Providers.Select(p => p.Id))}.");
        var name = string.IsNullOrWhiteSpace(request.DisplayName) ? provider.DisplayName : request.DisplayName.Trim();
        if (name.Length > MaxNameLength)
        {
            throw new ConnectionRejectedException($"The connection name may have at most {MaxNameLength} characters.");
        }

        foreach (var field in provider.Fields.Where(f => f.Required && request.Field(f.Name) is null))
        {
            throw new ConnectionRejectedException($"{field.Label} is required.");
        }

        if (provider.CredentialLabel is null && !string.IsNullOrEmpty(request.Credential))
        {
            throw new ConnectionRejectedException($"{provider.DisplayName} takes no credential.");
        }

        var settings = await provider.PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        var row = new ProviderConnection
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            ProviderId = provider.Id,
            DisplayName = name,
            SettingsJson = ProviderConnectionStore.SerializeSettings(settings),
            ProtectedCredentials = protector.Protect(provider.Id, request.Credential),
            CreatedAt = clock.GetUtcNow(),
        };
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ProviderConnections.Add(row);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        // List at once, so the new cameras (and any error) show right away.
        await catalog.ListAsync(userId, refresh: true, cancellationToken).ConfigureAwait(false);
        return (await FindAsync(userId, row.Id, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<ConnectionSummary>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.ProviderConnections.AsNoTracking().Where(c => c.UserId == userId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var counts = await db.KnownCameras.AsNoTracking()
            .Where(k => k.UserId == userId && k.ConnectionId != null && k.RemovedByOwnerAt == null)
            .GroupBy(k => k.ConnectionId).Select(g => new { Id = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => ToSummary(r, counts.FirstOrDefault(c => c.Id == r.Id)?.Count ?? 0)).ToList();
    }

    public async Task<ConnectionSummary?> FindAsync(string userId, Guid connectionId, CancellationToken cancellationToken) =>
        (await ListAsync(userId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Id == connectionId);

    /// <summary>Asks the provider again now (optionally with a new credential); the summary carries the fresh outcome.</summary>
    public async Task<ConnectionSummary?> ReconnectAsync(string userId, Guid connectionId, string? newCredential, CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.ProviderConnections.FirstOrDefaultAsync(c => c.Id == connectionId && c.UserId == userId, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                return null;
            }

            if (!string.IsNullOrEmpty(newCredential))
            {
                row.ProtectedCredentials = protector.Protect(row.ProviderId, newCredential);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await catalog.ListAsync(userId, refresh: true, cancellationToken).ConfigureAwait(false);
        return await FindAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the connection and its cameras (each with a removed event); false when it is not the account's.</summary>
    public async Task<bool> RemoveAsync(string userId, Guid connectionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.ProviderConnections.FirstOrDefaultAsync(c => c.Id == connectionId && c.UserId == userId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var cameras = await db.KnownCameras.Where(k => k.UserId == userId && k.ConnectionId == connectionId).ToListAsync(cancellationToken).ConfigureAwait(false);
        CameraEventOutbox.Stage(db, cameras.Where(c => c.RemovedByOwnerAt is null)
            .Select(c => ListingReconciler.Event(c, CameraEventKind.Removed, now, ListingReconciler.EffectiveName(c))), now);
        db.KnownCameras.RemoveRange(cameras);
        db.ProviderConnections.Remove(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        cache.Invalidate(userId);
        eventSignal.Pulse();
        return true;
    }

    private static ConnectionSummary ToSummary(ProviderConnection row, int cameras) =>
        new(row.Id, row.ProviderId, row.DisplayName, ProviderConnectionStore.DeserializeSettings(row.SettingsJson), row.ProtectedCredentials is not null,
            row.CreatedAt, row.LastListedAt, row.LastError, row.LastErrorAt, cameras);
}
