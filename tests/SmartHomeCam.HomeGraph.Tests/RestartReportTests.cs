using Microsoft.Data.Sqlite;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Demo;
using SmartHomeCam.Fakes.HomeGraph;
using SmartHomeCam.Testing;

namespace SmartHomeCam.HomeGraph.Tests;

/// <summary>
/// "An initial report … after a restart for accounts whose state changed while we were down" (issue): the real
/// server stopped, a camera changed meanwhile, the server started on the same data → one report, for that account only.
/// </summary>
public sealed class RestartReportTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_camera_that_went_offline_while_the_server_was_down_is_reported_once_after_the_restart_and_unchanged_accounts_get_nothing()
    {
        await using var fake = await FakeHomeGraph.StartAsync();
        var data = Path.Combine(Path.GetTempPath(), "shc-hg-restart-" + Guid.NewGuid().ToString("N"));
        var settings = ReportingHarness.Settings(fake);
        settings["HomeGraph:RestartListingDelay"] = "00:00:00.300";
        string changedAgent, quietAgent, changedDevice, quietDevice, changedUser;
        await using (var first = await ServerInstance.StartAsync(settings, data))
        {
            first.DeleteDataOnDispose = false;
            using var changed = await GoogleLinkedAccount.CreateAsync(first);
            using var quiet = await GoogleLinkedAccount.CreateAsync(first);
            (_, changedDevice) = await changed.AddDemoCameraAsync("Porch camera");
            (_, quietDevice) = await quiet.AddDemoCameraAsync("Shed camera");
            await changed.SyncAsync();
            await quiet.SyncAsync();
            (changedAgent, quietAgent, changedUser) = (changed.AgentUserId, quiet.AgentUserId, changed.UserId);
            await Poll.UntilAsync(() => fake.StateOf(changedAgent, changedDevice) is not null && fake.StateOf(quietAgent, quietDevice) is not null, Generous, "the initial reports");
            Assert.True(fake.StateOf(changedAgent, changedDevice)!["online"]!.GetValue<bool>());
        }

        // While no process runs, the porch camera goes offline (its provider would now list it so).
        SetDemoCameraOnline(data, changedUser, online: false);
        fake.ClearCalls();

        var restartedAt = DateTimeOffset.UtcNow;
        await using var second = await ServerInstance.StartAsync(settings, data);
        await Poll.UntilAsync(() => fake.Succeeded(HomeGraphMethods.ReportState, changedAgent).Count > 0, Generous, "the report after the restart");
        var report = Assert.Single(fake.Succeeded(HomeGraphMethods.ReportState, changedAgent));
        Assert.True(report.At - restartedAt < TimeSpan.FromSeconds(10), $"reported {(report.At - restartedAt).TotalSeconds:F1} s after the start");
        var state = Assert.Single(report.States);
        Assert.Equal(changedDevice, state.Key);
        Assert.Equal("""{"online":false}""", state.Value!.ToJsonString());
        Assert.False(fake.StateOf(changedAgent, changedDevice)!["online"]!.GetValue<bool>());

        // Settled: still one report for the changed account, none for the other (whose cameras did not change).
        await Task.Delay(2000);
        Assert.Single(fake.Succeeded(HomeGraphMethods.ReportState, changedAgent));
        Assert.DoesNotContain(fake.Calls, c => c.AgentUserId == quietAgent);
        Assert.Empty(fake.RefusedAssertions);
    }

    /// <summary>Edits the stopped server's database as the provider's world changing would: the demo connection's camera state.</summary>
    private static void SetDemoCameraOnline(string dataDirectory, string userId, bool online)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "smarthomecam.db")};Pooling=False");
        connection.Open();
        string settingsJson;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT SettingsJson FROM ProviderConnections WHERE UserId = $user AND ProviderId = $provider";
            read.Parameters.AddWithValue("$user", userId);
            read.Parameters.AddWithValue("$provider", DemoCameraProvider.ProviderId);
            settingsJson = (string)read.ExecuteScalar()!;
        }

        var settings = new Dictionary<string, string>(ProviderConnectionStore.DeserializeSettings(settingsJson))
        {
            [DemoCameraProvider.OnlineSetting] = online ? "true" : "false",
        };
        using var write = connection.CreateCommand();
        write.CommandText = "UPDATE ProviderConnections SET SettingsJson = $json WHERE UserId = $user AND ProviderId = $provider";
        write.Parameters.AddWithValue("$json", ProviderConnectionStore.SerializeSettings(settings));
        write.Parameters.AddWithValue("$user", userId);
        write.Parameters.AddWithValue("$provider", DemoCameraProvider.ProviderId);
        Assert.Equal(1, write.ExecuteNonQuery());
    }
}
