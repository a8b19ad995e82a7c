using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Nest;

/// <summary>
/// Each Nest account's shared homes (structures) and their rooms, so cameras carry their home and room names and
/// the dashboard shows which homes were shared. Names change rarely: reused for
/// <see cref="SdmOptions.StructureCacheDuration"/>, fetched inside their own per-minute budget, and a failure or a
/// used-up budget serves the last names (or none): a camera list never fails for want of a home's name.
/// </summary>
public sealed class SdmHomes(SdmApiClient api, SdmQuota quota, IOptions<SdmOptions> options, TimeProvider clock, ILogger<SdmHomes> logger)
{
    private readonly ConcurrentDictionary<string, (IReadOnlyList<SdmStructure> Homes, DateTimeOffset FetchedAt)> entries = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<SdmStructure>> GetAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var account = SdmAccessTokens.AccountKey(refreshToken);
        var known = entries.TryGetValue(account, out var e) ? e : default;
        if (known.Homes is not null && clock.GetUtcNow() - known.FetchedAt < options.Value.StructureCacheDuration)
        {
            return known.Homes;
        }

        var budget = ($"structures:{account}", options.Value.ListPerMinute);
        if (!quota.TryAcquire(budget))
        {
            return known.Homes ?? [];
        }

        try
        {
            var homes = new List<SdmStructure>();
            foreach (var (id, name) in await api.ListStructuresAsync(refreshToken, cancellationToken).ConfigureAwait(false))
            {
                var rooms = quota.TryAcquire(budget)
                    ? (await api.ListRoomsAsync(refreshToken, id, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Id, r => r.Name, StringComparer.Ordinal)
                    : known.Homes?.FirstOrDefault(h => h.StructureId == id)?.Rooms ?? new Dictionary<string, string>();
                homes.Add(new SdmStructure(id, name, rooms));
            }

            entries[account] = (homes, clock.GetUtcNow());
            return homes;
        }
        catch (SdmApiException ex)
        {
            logger.LogDebug("Listing Nest homes failed: {Reason}", ex.Message);
            return known.Homes ?? [];
        }
    }

    /// <summary>Devices with their home's name, and their room's when Google's devices.list gave none.</summary>
    public static IReadOnlyList<SdmDevice> Name(IReadOnlyList<SdmDevice> devices, IReadOnlyList<SdmStructure> homes)
    {
        if (homes.Count == 0)
        {
            return devices;
        }

        return devices.Select(d =>
        {
            if (homes.FirstOrDefault(h => h.StructureId == d.StructureId) is not { } home)
            {
                return d;
            }

            var named = d with { StructureName = home.Name };
            if (d.Room is null && d.RoomId is not null && home.Rooms.TryGetValue(d.RoomId, out var room))
            {
                named = named with { Room = room, Name = d.Name == "Nest camera" ? room : d.Name };
            }

            return named;
        }).ToList();
    }

    /// <summary>A relationUpdate (a home or room added, removed or renamed): the next read fetches.</summary>
    public void InvalidateAll() => entries.Clear();

    public void Forget(string refreshToken) => entries.TryRemove(SdmAccessTokens.AccountKey(refreshToken), out _);
}
