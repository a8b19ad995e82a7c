using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;

namespace SmartHomeCam.Cameras.Tests;

/// <summary>The fold of a fresh listing into the last known one, without a database.</summary>
public sealed class ListingReconcilerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid ConnectionA = Guid.NewGuid();
    private static readonly Guid ConnectionB = Guid.NewGuid();

    [Fact]
    public void Only_an_answering_scope_removes_cameras_and_an_unreachable_one_keeps_them_offline()
    {
        var known = new List<KnownCamera> { Row("d1", "p", "1", ConnectionA), Row("d2", "p", "2", ConnectionB), Row("d3", "gone-provider", "x", null) };
        var listing = new ProviderListing();
        listing.Answered.Add(new ListingScope("p", ConnectionA)); // answered without camera 1: gone
        listing.Unreachable.Add(new ListingScope("p", ConnectionB)); // down: keep camera 2, offline
        // "gone-provider" neither answered nor failed (not running here): keep, no event.
        var result = ListingReconciler.Reconcile("u", new Dictionary<CameraKey, string>(), known, listing, Now);

        Assert.Equal(["d2", "d3"], result.Cameras.Select(c => c.DeviceId).Order());
        Assert.All(result.Cameras, c => Assert.False(c.Online));
        Assert.All(result.Cameras, c => Assert.True(c.ProviderUnreachable));
        Assert.Equal("d1", Assert.Single(result.Removed).DeviceId);
        Assert.Equal(
            [(CameraEventKind.Removed, "d1"), (CameraEventKind.Offline, "d2")],
            result.Events.Select(e => (e.Kind, e.DeviceId!)).OrderBy(e => e.Item2));
    }

    [Fact]
    public void Listed_cameras_update_the_providers_fields_but_keep_the_owners_and_derive_events()
    {
        var row = Row("d1", "p", "cam", null);
        row.CustomRoom = "";
        var listing = new ProviderListing();
        listing.Answered.Add(new ListingScope("p", null));
        listing.Cameras.Add(new ListedCamera("p", null, new ProviderCamera("cam", "Renamed by provider", "Garage", new CameraDeviceInfo("M", "X", "2", "3"), Online: false)));
        listing.Cameras.Add(new ListedCamera("p", null, new ProviderCamera("new", "New one", null, new CameraDeviceInfo("M", "X", "2", "3"), Online: true)));
        var ids = new Dictionary<CameraKey, string> { [new("p", "cam")] = "d1", [new("p", "new")] = "d9" };
        var result = ListingReconciler.Reconcile("u", ids, [row], listing, Now);

        var camera = result.Cameras[0];
        Assert.Equal(("d1", "Renamed by provider", (string?)null, false, "X"), (camera.DeviceId, camera.Name, camera.Room, camera.Online, camera.DeviceInfo.Model));
        Assert.Equal("d9", Assert.Single(result.Added).DeviceId);
        Assert.Equal(
            [CameraEventKind.Renamed, CameraEventKind.Offline, CameraEventKind.Added],
            result.Events.Select(e => e.Kind));
        Assert.Equal(result.Events.Count, result.Events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public void Connection_camera_ids_compose_and_parse_back()
    {
        var id = Guid.NewGuid();
        Assert.True(ConnectionCameraIds.TryParse(ConnectionCameraIds.Compose(id, "front/left"), out var parsed, out var camera));
        Assert.Equal((id, "front/left"), (parsed, camera));
        Assert.False(ConnectionCameraIds.TryParse("demo-1", out _, out _));
    }

    private static KnownCamera Row(string deviceId, string provider, string cameraId, Guid? connection) => new()
    {
        DeviceId = deviceId,
        UserId = "u",
        ProviderId = provider,
        ProviderCameraId = connection is { } c ? ConnectionCameraIds.Compose(c, cameraId) : cameraId,
        ConnectionId = connection,
        ProviderName = "Camera " + cameraId,
        Manufacturer = "M",
        Model = "Old",
        HwVersion = "1",
        SwVersion = "1",
        Online = true,
        FirstSeenAt = Now.AddDays(-1),
        LastSeenAt = Now.AddDays(-1),
    };
}
