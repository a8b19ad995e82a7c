using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;

namespace SmartHomeCam.Arlo;

/// <summary>Which accounts claimed a camera: its "arlo" provider connections, found by their serial setting.</summary>
public sealed class ArloClaims(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<ArloClaim>> FindAsync(string serial, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.ProviderConnections.AsNoTracking()
            .Where(c => c.ProviderId == ArloCameraProvider.ProviderId)
            .Select(c => new { c.Id, c.UserId, c.SettingsJson })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows
            .Where(r => ProviderConnectionStore.DeserializeSettings(r.SettingsJson).TryGetValue(ArloCameraProvider.SerialField, out var s)
                && string.Equals(s, serial, StringComparison.Ordinal))
            .Select(r => new ArloClaim(r.UserId, r.Id))];
    }
}

/// <summary>One account's claim on a camera: the connection that lists it.</summary>
public sealed record ArloClaim(string UserId, Guid ConnectionId)
{
    public string ProviderCameraId(string serial) => ConnectionCameraIds.Compose(ConnectionId, serial);
}
