using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Cameras.Tests;

/// <summary>A provider outage must never make SYNC drop cameras (Google would delete them); only a positive answer removes one.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task An_unreachable_providers_cameras_stay_in_sync_and_query_says_offline_until_it_answers_again()
    {
        await using var s = await CameraTestServer.StartAsync();
        var before = await s.GoogleViewAsync();
        Assert.True(before["Porch camera"].Online);

        s.Provider.Unreachable = true;
        var during = await s.GoogleViewAsync();
        Assert.Equal(before.Keys.Order(), during.Keys.Order());
        Assert.Equal(before["Porch camera"].Id, during["Porch camera"].Id);
        Assert.Equal("Porch", during["Porch camera"].Room); // the last known listing, not a blank
        Assert.False(during["Porch camera"].Online);
        Assert.False(during["Yard camera"].Online);
        Assert.True(during["Demo camera"].Online); // other providers are unaffected

        var (_, exec) = await s.Client.PostAsync(FulfillmentClient.Execute(during["Porch camera"].Id));
        Assert.Contains("\"OFFLINE\"", exec, StringComparison.Ordinal);
        var offline = await s.Subscriber.WaitForAsync(e => e.Kind == CameraEventKind.Offline && e.DeviceId == before["Porch camera"].Id);
        Assert.Equal("provider unreachable", offline.Detail);

        s.Provider.Unreachable = false;
        var after = await s.GoogleViewAsync();
        Assert.True(after["Porch camera"].Online);
        await s.Subscriber.WaitForAsync(e => e.Kind == CameraEventKind.Online && e.DeviceId == before["Porch camera"].Id);
    }

    [Fact]
    public async Task The_last_known_listing_survives_a_restart_into_an_outage()
    {
        var data = Path.Combine(Path.GetTempPath(), "shc-outage-" + Guid.NewGuid().ToString("N"));
        string email;
        Dictionary<string, (string Id, bool Online, string? Room)> before;
        await using (var first = await CameraTestServer.StartAsync(dataDirectory: data))
        {
            email = first.Email;
            before = await first.GoogleViewAsync();
            first.Server.DeleteDataOnDispose = false;
        }

        await using var second = await CameraTestServer.StartAsync(new SwitchableCameraProvider { Unreachable = true }, dataDirectory: data, email: email);
        var after = await second.GoogleViewAsync();
        Assert.Equal(before["Porch camera"].Id, after["Porch camera"].Id);
        Assert.Equal(before["Yard camera"].Id, after["Yard camera"].Id);
        Assert.False(after["Porch camera"].Online);
    }

    [Fact]
    public async Task A_camera_the_provider_no_longer_lists_is_removed_with_an_event()
    {
        await using var s = await CameraTestServer.StartAsync();
        var before = await s.GoogleViewAsync();
        s.Provider.SetCameras(SwitchableCameraProvider.Camera("porch", "Porch camera", "Porch"));
        var after = await s.GoogleViewAsync();
        Assert.False(after.ContainsKey("Yard camera"));
        Assert.True(after.ContainsKey("Porch camera"));
        var removed = await s.Subscriber.WaitForAsync(e => e.Kind == CameraEventKind.Removed);
        Assert.Equal(before["Yard camera"].Id, removed.DeviceId);

        // Coming back gives it its old device id again (ids are per provider camera, forever).
        s.Provider.SetCameras(SwitchableCameraProvider.Camera("porch", "Porch camera", "Porch"), SwitchableCameraProvider.Camera("yard", "Yard camera"));
        Assert.Equal(before["Yard camera"].Id, (await s.GoogleViewAsync())["Yard camera"].Id);
        await s.Subscriber.WaitForAsync(e => e.Kind == CameraEventKind.Added && e.DeviceId == before["Yard camera"].Id);
    }

    [Fact]
    public async Task The_owners_name_and_room_win_over_the_providers_and_survive_relisting()
    {
        await using var s = await CameraTestServer.StartAsync();
        var id = (await s.GoogleViewAsync())["Porch camera"].Id;
        var owner = s.Get<CameraOwnerSettings>();
        Assert.True(await owner.RenameAsync(s.UserId, id, "Front door", CancellationToken.None));
        Assert.True(await owner.SetRoomAsync(s.UserId, id, "Hallway", CancellationToken.None));

        // The provider renames and moves it; the owner's choice stays.
        s.Provider.SetCameras(SwitchableCameraProvider.Camera("porch", "Porch cam v2", "Outside"), SwitchableCameraProvider.Camera("yard", "Yard camera"));
        var view = await s.GoogleViewAsync();
        Assert.Equal(id, view["Front door"].Id);
        Assert.Equal("Hallway", view["Front door"].Room);
        Assert.False(view.ContainsKey("Porch cam v2"));
        await s.Subscriber.WaitForAsync(e => e.Kind == CameraEventKind.Renamed && e.Detail == "Front door");

        // Clearing the override gives the provider's current name and room back.
        Assert.True(await owner.RenameAsync(s.UserId, id, null, CancellationToken.None));
        Assert.True(await owner.SetRoomAsync(s.UserId, id, " ", CancellationToken.None));
        view = await s.GoogleViewAsync();
        Assert.Equal(id, view["Porch cam v2"].Id);
        Assert.Equal("Outside", view["Porch cam v2"].Room);

        // Another account cannot touch it.
        Assert.False(await owner.RenameAsync("someone-else", id, "Mine", CancellationToken.None));
    }

    [Fact]
    public async Task A_camera_the_owner_removes_stays_out_while_the_provider_still_lists_it()
    {
        await using var s = await CameraTestServer.StartAsync();
        var id = (await s.GoogleViewAsync())["Yard camera"].Id;
        Assert.True(await s.Get<CameraOwnerSettings>().RemoveAsync(s.UserId, id, CancellationToken.None));
        var view = await s.GoogleViewAsync();
        Assert.False(view.ContainsKey("Yard camera"));
        var (_, query) = await s.Client.PostAsync(FulfillmentClient.Query(id));
        Assert.Contains("deviceNotFound", query, StringComparison.Ordinal);
        await s.Subscriber.WaitForAsync(e => e.Kind == CameraEventKind.Removed && e.DeviceId == id);
    }
}
