using SmartHomeCam.Fakes.Nest;

namespace SmartHomeCam.Nest.Tests;

/// <summary>structures.list and rooms.list: which Nest homes an account shared, each camera's home, and room names.</summary>
public sealed class NestHomesTests
{
    [Fact]
    public async Task The_nest_page_shows_the_shared_homes_and_each_cameras_home_and_a_nameless_camera_is_named_from_rooms_list()
    {
        FakeNestDevice[] devices =
        [
            new("porch", FakeNestDevice.Camera, "Porch cam", "Porch", ["RTSP"]),
            new("cabin-door", FakeNestDevice.Doorbell, "", "Cabin Entry", ["WEB_RTC"], Battery: true, Structure: "struct-2"),
        ];
        await using var s = await NestTestServer.StartAsync(setUp: c =>
        {
            var account = FakeNestCloud.AddAccount("two-homes", devices);
            account.Structures["struct-2"] = "Lake cabin";
            c.DefaultAccount = account;
            c.OmitRoomDisplayNames = true; // devices.list says only the room's id
        });
        var page = await s.LinkThroughPagesAsync();
        Assert.Contains("Homes shared: Home (Porch); Lake cabin (Cabin Entry)", page, StringComparison.Ordinal);
        Assert.Matches(@"<td>Porch cam</td>\s*<td class=""home"">Home</td>\s*<td>Porch</td>", page);
        Assert.Matches(@"<td>Cabin Entry</td>\s*<td class=""home"">Lake cabin</td>\s*<td>Cabin Entry</td>", page);

        using var google = await s.LinkGoogleAsync();
        var synced = await NestTestServer.SyncAsync(google);
        Assert.Equal("Cabin Entry", synced["Cabin Entry"].GetProperty("roomHint").GetString());
        Assert.Equal("Porch", synced["Porch cam"].GetProperty("roomHint").GetString());
        var calls = s.Cloud.StructureCalls;
        await s.Browser.GetStringAsync(new Uri("/nest", UriKind.Relative));
        Assert.Equal(calls, s.Cloud.StructureCalls); // names come from the cache, not a call per page view
    }

    [Fact]
    public void Structure_and_room_lists_parse_with_fallback_names_and_skip_malformed_entries()
    {
        var homes = SdmStructureParser.ParseStructures("""
            {"structures":[{"name":"enterprises/p/structures/s1","traits":{"sdm.structures.traits.Info":{"customName":" Home "}}},
             {"name":"enterprises/p/structures/s2","traits":{}},{"traits":{}},{"name":"enterprises/p/structures/"},7]}
            """);
        Assert.Equal(new[] { ("s1", "Home"), ("s2", "Home") }, homes);
        var rooms = SdmStructureParser.ParseRooms("""{"rooms":[{"name":"enterprises/p/structures/s1/rooms/r1","traits":{"sdm.structures.traits.RoomInfo":{"customName":"Porch"}}}]}""");
        Assert.Equal(new[] { ("r1", "Porch") }, rooms);
        Assert.Empty(SdmStructureParser.ParseStructures("{}"));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => SdmStructureParser.ParseRooms("{\"rooms\":["));
    }
}
