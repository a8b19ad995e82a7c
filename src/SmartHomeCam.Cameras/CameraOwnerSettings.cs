using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;

namespace SmartHomeCam.Cameras;

/// <summary>
/// What the owner decides about a camera: its name and room (which win over the provider's and survive every
/// relisting) and removing it (it stays out of listings even while the provider still lists it).
/// </summary>
public sealed class CameraOwnerSettings(
    IServiceScopeFactory scopes, ICameraCatalog catalog, CameraListingCache cache, CameraEventSignal eventSignal, TimeProvider clock)
{
    public const int MaxLength = 100;

    /// <summary>Sets the owner's name; null or blank goes back to the provider's. False when the device is not the account's.</summary>
    public Task<bool> RenameAsync(string userId, string deviceId, string? name, CancellationToken cancellationToken) =>
        ChangeAsync(userId, deviceId, camera =>
        {
            var before = ListingReconciler.EffectiveName(camera);
            camera.CustomName = Normalize(name, "name");
            var after = ListingReconciler.EffectiveName(camera);
            return after == before ? null : (CameraEventKind.Renamed, after);
        }, cancellationToken);

    /// <summary>Sets the owner's room; null or blank goes back to the provider's.</summary>
    public Task<bool> SetRoomAsync(string userId, string deviceId, string? room, CancellationToken cancellationToken) =>
        ChangeAsync(userId, deviceId, camera =>
        {
            var before = ListingReconciler.EffectiveRoom(camera);
            camera.CustomRoom = Normalize(room, "room");
            var after = ListingReconciler.EffectiveRoom(camera);
            return after == before ? null : (CameraEventKind.Moved, after ?? "");
        }, cancellationToken);

    public Task<bool> RemoveAsync(string userId, string deviceId, CancellationToken cancellationToken) =>
        ChangeAsync(userId, deviceId, camera =>
        {
            camera.RemovedByOwnerAt = clock.GetUtcNow();
            return (CameraEventKind.Removed, ListingReconciler.EffectiveName(camera));
        }, cancellationToken);

    private async Task<bool> ChangeAsync(
        string userId, string deviceId, Func<KnownCamera, (CameraEventKind Kind, string Detail)?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var camera = await db.KnownCameras
                .FirstOrDefaultAsync(k => k.DeviceId == deviceId && k.UserId == userId && k.RemovedByOwnerAt == null, cancellationToken).ConfigureAwait(false);
            if (camera is null)
            {
                // Not listed since it appeared (e.g. straight after an upgrade): list once, then look again.
                await catalog.ListAsync(userId, refresh: true, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var now = clock.GetUtcNow();
            if (change(camera) is { } happened)
            {
                CameraEventOutbox.Stage(db, [ListingReconciler.Event(camera, happened.Kind, now, happened.Detail)], now);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            cache.Invalidate(userId);
            eventSignal.Pulse();
            return true;
        }

        return false;
    }

    private static string? Normalize(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        return value.Length <= MaxLength ? value : throw new ArgumentException($"The {what} may have at most {MaxLength} characters.", nameof(value));
    }
}
