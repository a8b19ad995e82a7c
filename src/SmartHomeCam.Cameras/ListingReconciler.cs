using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;

namespace SmartHomeCam.Cameras;

/// <summary>
/// Folds a fresh provider listing into the last known one: updates what providers said, keeps the owner's name
/// and room, keeps an unreachable scope's cameras (offline), drops cameras only when their scope answered
/// without them, and derives the added/removed/renamed/online/offline events. No I/O: the catalog saves.
/// </summary>
internal static class ListingReconciler
{
    /// <summary>"Last seen" is kept to the minute, so an unchanged listing writes nothing.</summary>
    public static readonly TimeSpan SeenResolution = TimeSpan.FromMinutes(1);

    public static ReconciledListing Reconcile(
        string userId, IReadOnlyDictionary<CameraKey, string> deviceIds, IReadOnlyList<KnownCamera> known,
        ProviderListing listing, DateTimeOffset now)
    {
        var result = new ReconciledListing();
        var byDevice = known.ToDictionary(k => k.DeviceId, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listed in listing.Cameras)
        {
            var deviceId = deviceIds[listed.Key];
            if (!seen.Add(deviceId))
            {
                continue; // a provider listing one camera twice
            }

            var camera = listed.Camera;
            if (!byDevice.TryGetValue(deviceId, out var row))
            {
                row = new KnownCamera { DeviceId = deviceId, UserId = userId, FirstSeenAt = now, Online = camera.Online };
                Update(row, listed, now);
                result.Added.Add(row);
                result.Events.Add(Event(row, CameraEventKind.Added, now, EffectiveName(row)));
            }
            else
            {
                var nameBefore = EffectiveName(row);
                var onlineBefore = row.Online;
                var kindBefore = row.DeviceKind;
                Update(row, listed, now);
                if (row.RemovedByOwnerAt is null)
                {
                    if (EffectiveName(row) != nameBefore)
                    {
                        result.Events.Add(Event(row, CameraEventKind.Renamed, now, EffectiveName(row)));
                    }

                    if (row.DeviceKind != kindBefore)
                    {
                        result.Events.Add(Event(row, CameraEventKind.Retyped, now, row.DeviceKind));
                    }

                    if (camera.Online != onlineBefore)
                    {
                        result.Events.Add(Event(row, camera.Online ? CameraEventKind.Online : CameraEventKind.Offline, now, null));
                    }
                }

                row.Online = camera.Online;
            }

            if (row.RemovedByOwnerAt is null)
            {
                result.Cameras.Add(ToCatalog(row, row.Online, unreachable: false));
            }
        }

        var kept = new List<KnownCamera>();
        foreach (var row in known.Where(k => !seen.Contains(k.DeviceId)))
        {
            var scope = new ListingScope(row.ProviderId, row.ConnectionId);
            if (listing.Answered.Contains(scope))
            {
                // The provider positively says it is gone.
                result.Removed.Add(row);
                if (row.RemovedByOwnerAt is null)
                {
                    result.Events.Add(Event(row, CameraEventKind.Removed, now, EffectiveName(row)));
                }

                continue;
            }

            if (listing.Unreachable.Contains(scope) && row.Online && row.RemovedByOwnerAt is null)
            {
                row.Online = false;
                result.Events.Add(Event(row, CameraEventKind.Offline, now, "provider unreachable"));
            }

            // Unreachable, or a provider this process does not run: keep it, offline, until it answers.
            if (row.RemovedByOwnerAt is null)
            {
                kept.Add(row);
            }
        }

        result.Cameras.AddRange(kept.OrderBy(k => k.FirstSeenAt).ThenBy(k => k.DeviceId, StringComparer.Ordinal)
            .Select(k => ToCatalog(k, online: false, unreachable: true)));
        return result;
    }

    public static string EffectiveName(KnownCamera row) => string.IsNullOrWhiteSpace(row.CustomName) ? row.ProviderName : row.CustomName;

    public static string? EffectiveRoom(KnownCamera row) => row.CustomRoom switch
    {
        null => row.ProviderRoom,
        "" => null,
        var room => room,
    };

    public static CatalogCamera ToCatalog(KnownCamera row, bool online, bool unreachable) =>
        new(row.DeviceId, row.UserId, row.ProviderId, row.ProviderCameraId, EffectiveName(row), EffectiveRoom(row),
            new CameraDeviceInfo(row.Manufacturer, row.Model, row.HwVersion, row.SwVersion), online)
        {
            ConnectionId = row.ConnectionId,
            ProviderUnreachable = unreachable,
            Kind = Enum.TryParse<CameraDeviceKind>(row.DeviceKind, out var kind) ? kind : CameraDeviceKind.Camera,
        };

    /// <summary>An event derived from a listing change; its id is stable because it is stored once, with the change.</summary>
    public static CameraEvent Event(KnownCamera row, CameraEventKind kind, DateTimeOffset now, string? detail) =>
        new($"{kind.ToString().ToLowerInvariant()}:{row.DeviceId}:{now.UtcTicks}", row.UserId, row.ProviderId, row.ProviderCameraId, kind, now)
        {
            DeviceId = row.DeviceId,
            Detail = detail,
        };

    private static void Update(KnownCamera row, ListedCamera listed, DateTimeOffset now)
    {
        row.ProviderId = listed.ProviderId;
        row.ProviderCameraId = listed.Camera.ProviderCameraId;
        row.ConnectionId = listed.ConnectionId;
        row.ProviderName = listed.Camera.Name;
        row.ProviderRoom = listed.Camera.Room;
        row.Manufacturer = listed.Camera.DeviceInfo.Manufacturer;
        row.Model = listed.Camera.DeviceInfo.Model;
        row.HwVersion = listed.Camera.DeviceInfo.HwVersion;
        row.SwVersion = listed.Camera.DeviceInfo.SwVersion;
        row.DeviceKind = listed.Camera.Kind.ToString();
        if (now - row.LastSeenAt >= SeenResolution)
        {
            row.LastSeenAt = now;
        }
    }
}

/// <summary>The catalog's answer plus the rows and events to save with it.</summary>
internal sealed class ReconciledListing
{
    public List<CatalogCamera> Cameras { get; } = [];

    public List<KnownCamera> Added { get; } = [];

    public List<KnownCamera> Removed { get; } = [];

    public List<CameraEvent> Events { get; } = [];
}
