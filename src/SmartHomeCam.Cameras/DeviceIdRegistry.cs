using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Data;

namespace SmartHomeCam.Cameras;

/// <summary>
/// Assigns the stable device id of a (account, provider, provider camera id) once and forever: a changed id is
/// a new device to Google (spec §2, checklist 8). Concurrent assigners (requests, replicas, the CLI) agree
/// because the unique index lets only the first insert win.
/// </summary>
public sealed class DeviceIdRegistry(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<IReadOnlyDictionary<CameraKey, string>> EnsureAsync(
        string userId, IReadOnlyCollection<CameraKey> cameras, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var known = await db.CameraDevices.AsNoTracking().Where(d => d.UserId == userId)
                .ToDictionaryAsync(d => new CameraKey(d.ProviderId, d.ProviderCameraId), d => d.DeviceId, cancellationToken).ConfigureAwait(false);
            var missing = cameras.Where(c => !known.ContainsKey(c)).Distinct().ToList();
            if (missing.Count == 0)
            {
                return known;
            }

            foreach (var camera in missing)
            {
                var deviceId = "cam-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                db.CameraDevices.Add(new CameraDevice
                {
                    DeviceId = deviceId,
                    UserId = userId,
                    ProviderId = camera.ProviderId,
                    ProviderCameraId = camera.ProviderCameraId,
                    CreatedAt = clock.GetUtcNow(),
                });
                known[camera] = deviceId;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return known;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Someone else assigned one of them first; theirs win, so read again.
            }
        }
    }
}

/// <summary>A camera as its provider identifies it.</summary>
public readonly record struct CameraKey(string ProviderId, string ProviderCameraId);
