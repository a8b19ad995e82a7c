using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Nest;

/// <summary>
/// Each Nest account's device list, reused for <see cref="SdmOptions.DeviceListCacheDuration"/> and fetched by one
/// caller at a time, inside the devices.list quota (5 a minute): when the quota is used up a stale list is served
/// rather than a 429 provoked. <c>supportedProtocols</c> comes fresh with every fetch (cameras migrate to WebRTC).
/// </summary>
public sealed class SdmDeviceCache(SdmApiClient api, SdmHomes homes, SdmQuota quota, IOptions<SdmOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan ProtocolOverrideLifetime = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Account, string Device), DateTimeOffset> webRtcOverrides = new();

    public async Task<IReadOnlyList<SdmDevice>> GetAsync(string refreshToken, bool refresh, CancellationToken cancellationToken)
    {
        var account = SdmAccessTokens.AccountKey(refreshToken);
        var entry = entries.GetOrAdd(account, _ => new Entry());
        var seen = entry.Snapshot;
        if (!refresh && seen is not null && clock.GetUtcNow() - seen.FetchedAt < options.Value.DeviceListCacheDuration)
        {
            return Apply(account, seen.Devices);
        }

        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = entry.Snapshot;
            if (current is not null && !ReferenceEquals(current, seen))
            {
                return Apply(account, current.Devices); // someone fetched while we waited
            }

            if (current is not null && clock.GetUtcNow() - current.FetchedAt < options.Value.DeviceListCacheDuration && !refresh)
            {
                return Apply(account, current.Devices);
            }

            var counter = ($"list:{account}", options.Value.ListPerMinute);
            if (current is not null && !quota.TryAcquire(counter))
            {
                return Apply(account, current.Devices);
            }

            if (current is null)
            {
                await quota.AcquireAsync(TimeSpan.FromSeconds(15), cancellationToken, counter).ConfigureAwait(false);
            }

            var devices = SdmHomes.Name(await api.ListDevicesAsync(refreshToken, cancellationToken).ConfigureAwait(false),
                await homes.GetAsync(refreshToken, cancellationToken).ConfigureAwait(false));
            foreach (var device in devices.Where(d => d.IsWebRtc))
            {
                webRtcOverrides.TryRemove((account, device.DeviceId), out _);
            }

            entry.Snapshot = new Snapshot(devices, clock.GetUtcNow());
            return Apply(account, devices);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>The last list fetched for the account, without calling Google (null when none yet).</summary>
    public SdmDevice? Find(string refreshToken, string deviceId)
    {
        var account = SdmAccessTokens.AccountKey(refreshToken);
        return entries.TryGetValue(account, out var entry) && entry.Snapshot is { } s
            ? Apply(account, s.Devices).FirstOrDefault(d => d.DeviceId == deviceId)
            : null;
    }

    /// <summary>A device from any account's last list, by its SDM id (unique across accounts); null when none has it.</summary>
    public SdmDevice? FindAny(string deviceId) =>
        entries.Values.Select(e => e.Snapshot?.Devices.FirstOrDefault(d => d.DeviceId == deviceId)).FirstOrDefault(d => d is not null);

    /// <summary>Google refused an RTSP command as the wrong protocol: treat the camera as WEB_RTC from now on.</summary>
    public void MarkWebRtc(string refreshToken, string deviceId) =>
        webRtcOverrides[(SdmAccessTokens.AccountKey(refreshToken), deviceId)] = clock.GetUtcNow() + ProtocolOverrideLifetime;

    /// <summary>Devices were added, removed or moved (Pub/Sub relationUpdate): the next read fetches.</summary>
    public void InvalidateAll()
    {
        homes.InvalidateAll();
        foreach (var entry in entries.Values)
        {
            if (entry.Snapshot is { } s)
            {
                entry.Snapshot = s with { FetchedAt = DateTimeOffset.MinValue };
            }
        }
    }

    public void Forget(string refreshToken)
    {
        entries.TryRemove(SdmAccessTokens.AccountKey(refreshToken), out _);
        homes.Forget(refreshToken);
    }

    private IReadOnlyList<SdmDevice> Apply(string account, IReadOnlyList<SdmDevice> devices)
    {
        if (webRtcOverrides.IsEmpty)
        {
            return devices;
        }

        var now = clock.GetUtcNow();
        return devices.Select(d => webRtcOverrides.TryGetValue((account, d.DeviceId), out var until) && until > now && !d.IsWebRtc
            ? d with { Protocols = ["WEB_RTC"] }
            : d).ToList();
    }

    private sealed record Snapshot(IReadOnlyList<SdmDevice> Devices, DateTimeOffset FetchedAt);

    // One per account for the process lifetime: the semaphore has no wait handle to free.
#pragma warning disable CA1001
    private sealed class Entry
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public volatile Snapshot? Snapshot;
    }
#pragma warning restore CA1001
}
