using System.Text.Json;

namespace SmartHomeCam.GoogleSim;

/// <summary>
/// The checks of Google's Home Test Suite that involve HomeGraph (spec §6), run offline against a fake HomeGraph:
/// every SYNCed device has a reported state within the timeout; QUERY equals the reported state; adding, renaming
/// and removing a camera in our system each cause one Request Sync and the next SYNC reflects it (at least one device
/// stays); a doorbell press is announced exactly once.
/// </summary>
public sealed class OfflineTestSuite(IntentClient intents, DashboardClient dashboard, HomeGraphInspector homeGraph, TestSuiteSettings settings, SimReport report)
{
    /// <summary>After a call is seen, how long to watch for a duplicate.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public async Task RunAsync(string agentUserId, IReadOnlyList<string> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var reported = await WaitAsync(agentUserId, v => devices.All(id => v.States[id] is not null)).ConfigureAwait(false);
        if (!report.Check($"test suite: every SYNCed device has a reported state within {settings.Timeout.TotalSeconds:0} s",
                reported is not null, $"reported: {string.Join(", ", reported?.States.Select(p => p.Key) ?? [])}"))
        {
            return;
        }

        await QueryMatchesAsync(devices, reported!).ConfigureAwait(false);
        var added = await AddAsync(agentUserId, devices).ConfigureAwait(false);
        if (added is not null)
        {
            await RenameAsync(agentUserId, added).ConfigureAwait(false);
            await RemoveAsync(agentUserId, added).ConfigureAwait(false);
        }

        await DoorbellAsync(agentUserId, devices[0]).ConfigureAwait(false);
    }

    private async Task QueryMatchesAsync(IReadOnlyList<string> devices, AgentUserView reported)
    {
        var (_, body) = await intents.PostAsync(IntentRequests.Query("suite-query", [.. devices])).ConfigureAwait(false);
        var answered = JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("devices");
        var mismatches = devices.Where(id =>
            !answered.TryGetProperty(id, out var state) || !state.TryGetProperty("online", out var online) ||
            reported.States[id]?["online"]?.GetValue<bool>() != online.GetBoolean()).ToList();
        report.Check("test suite: QUERY equals the reported state of every device", mismatches.Count == 0, "differs: " + string.Join(", ", mismatches));
    }

    private async Task<string?> AddAsync(string agentUserId, IReadOnlyList<string> before)
    {
        var name = "Test Suite camera " + Guid.NewGuid().ToString("N")[..6];
        var syncs = (await homeGraph.ReadAsync(agentUserId).ConfigureAwait(false)).RequestSyncs;
        await dashboard.AddDemoCameraAsync(name).ConfigureAwait(false);
        if (!await OneRequestSyncAsync(agentUserId, syncs, "adding a camera").ConfigureAwait(false))
        {
            return null;
        }

        var after = await SyncDevicesAsync().ConfigureAwait(false);
        var added = after.Where(d => !before.Contains(d.Id)).ToList();
        report.Check("test suite: the next SYNC lists the added camera", added.Count == 1 && added[0].Name == name,
            string.Join(", ", added.Select(a => a.Name)));
        return added.Count == 1 ? added[0].Id : null;
    }

    private async Task RenameAsync(string agentUserId, string deviceId)
    {
        var name = "Renamed camera " + Guid.NewGuid().ToString("N")[..6];
        var syncs = (await homeGraph.ReadAsync(agentUserId).ConfigureAwait(false)).RequestSyncs;
        await dashboard.RenameAsync(deviceId, name).ConfigureAwait(false);
        if (await OneRequestSyncAsync(agentUserId, syncs, "renaming a camera").ConfigureAwait(false))
        {
            var after = await SyncDevicesAsync().ConfigureAwait(false);
            report.Check("test suite: the next SYNC shows the new name", after.Any(d => d.Id == deviceId && d.Name == name));
        }
    }

    private async Task RemoveAsync(string agentUserId, string deviceId)
    {
        var syncs = (await homeGraph.ReadAsync(agentUserId).ConfigureAwait(false)).RequestSyncs;
        await dashboard.RemoveAsync(deviceId).ConfigureAwait(false);
        if (await OneRequestSyncAsync(agentUserId, syncs, "removing a camera").ConfigureAwait(false))
        {
            var after = await SyncDevicesAsync().ConfigureAwait(false);
            report.Check("test suite: the next SYNC no longer lists the removed camera and keeps the others",
                after.All(d => d.Id != deviceId) && after.Count > 0, $"{after.Count} device(s)");
        }
    }

    private async Task DoorbellAsync(string agentUserId, string deviceId)
    {
        var before = (await homeGraph.ReadAsync(agentUserId).ConfigureAwait(false)).NotificationEventIds(deviceId).Count;
        await dashboard.RaiseAsync(deviceId, "doorbell").ConfigureAwait(false);
        var seen = await WaitAsync(agentUserId, v => v.NotificationEventIds(deviceId).Count > before).ConfigureAwait(false);
        if (seen is not null)
        {
            await Task.Delay(Settle).ConfigureAwait(false);
            seen = await homeGraph.ReadAsync(agentUserId).ConfigureAwait(false);
        }

        var count = seen?.NotificationEventIds(deviceId).Count - before;
        report.Check("test suite: a doorbell press is announced exactly once (ObjectDetection with an eventId)", count == 1, $"{count ?? 0} notification(s)");
    }

    private async Task<bool> OneRequestSyncAsync(string agentUserId, int before, string what)
    {
        var seen = await WaitAsync(agentUserId, v => v.RequestSyncs > before).ConfigureAwait(false);
        if (seen is not null)
        {
            await Task.Delay(Settle).ConfigureAwait(false);
            seen = await homeGraph.ReadAsync(agentUserId).ConfigureAwait(false);
        }

        var count = (seen?.RequestSyncs ?? before) - before;
        return report.Check($"test suite: {what} causes exactly one Request Sync", count == 1, $"{count} call(s)");
    }

    private async Task<List<(string Id, string Name)>> SyncDevicesAsync()
    {
        var (_, body) = await intents.PostAsync(IntentRequests.Sync("suite-sync")).ConfigureAwait(false);
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .Select(d => (d.GetProperty("id").GetString()!, d.GetProperty("name").GetProperty("name").GetString()!))];
    }

    /// <summary>Polls the fake HomeGraph until <paramref name="done"/> holds or the timeout passes (then null).</summary>
    private async Task<AgentUserView?> WaitAsync(string agentUserId, Func<AgentUserView, bool> done)
    {
        var deadline = DateTime.UtcNow + settings.Timeout;
        while (true)
        {
            var view = await homeGraph.ReadAsync(agentUserId).ConfigureAwait(false);
            if (done(view))
            {
                return view;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }
}
