using System.Net;
using Microsoft.Data.Sqlite;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.GoogleSim;
using SmartHomeCam.Data;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Cameras.Tests;

/// <summary>Provider connections: stored per account, credential encrypted at rest, managed from the dashboard and the CLI.</summary>
public sealed class ConnectionTests
{
    private const string Secret = "tr0ub4dor-access-code-7781";

    [Fact]
    public async Task A_demo_connection_stores_its_credential_encrypted_and_its_camera_reaches_google()
    {
        await using var s = await CameraTestServer.StartAsync();
        var manager = s.Get<ConnectionManager>();
        var added = await manager.AddAsync(s.UserId, "demo",
            new ConnectionRequest("My shed", new Dictionary<string, string> { ["camera"] = "Shed camera", ["room"] = "Garden" }, Secret), CancellationToken.None);
        Assert.Null(added.LastError);
        Assert.True(added.HasCredential);
        Assert.Equal(1, added.CameraCount);

        // At rest: ciphertext only, under the provider's own purpose.
        var (stored, settings) = ReadRawConnection(s.Server.DataDirectory, added.Id);
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, settings, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, s.Server.Logs.AllText, StringComparison.Ordinal);
        var context = Assert.Single(await s.Get<ProviderConnectionStore>().ListAsync(s.UserId, CancellationToken.None)).Context!;
        Assert.Equal(Secret, context.Credential);
        Assert.DoesNotContain(Secret, context.ToString(), StringComparison.Ordinal);

        var view = await s.GoogleViewAsync();
        Assert.True(view["Shed camera"].Online);
        Assert.Equal("Garden", view["Shed camera"].Room);
        // The connection camera's source is opened through its connection, and plays.
        var (_, exec) = await s.Client.PostAsync(FulfillmentClient.Execute(view["Shed camera"].Id));
        var url = System.Text.Json.JsonDocument.Parse(exec).RootElement.GetProperty("payload").GetProperty("commands")[0]
            .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!;
        using var http = s.Server.CreateClient();
        var playlist = await http.GetStringAsync(new Uri(new Uri(url).PathAndQuery.Replace("index.m3u8", "live.m3u8", StringComparison.Ordinal), UriKind.Relative));
        Assert.Contains("#EXTINF", playlist, StringComparison.Ordinal);

        // Removing the connection removes its camera, with an event.
        Assert.True(await manager.RemoveAsync(s.UserId, added.Id, CancellationToken.None));
        Assert.False((await s.GoogleViewAsync()).ContainsKey("Shed camera"));
        await s.Subscriber.WaitForAsync(e => e.Kind == CameraEventKind.Removed && e.DeviceId == view["Shed camera"].Id);
        Assert.Empty(await manager.ListAsync(s.UserId, CancellationToken.None));
    }

    [Fact]
    public async Task Several_connections_of_one_provider_keep_separate_cameras_and_other_accounts_see_none()
    {
        await using var s = await CameraTestServer.StartAsync();
        var manager = s.Get<ConnectionManager>();
        var a = await manager.AddAsync(s.UserId, "demo", Request("Camera A"), CancellationToken.None);
        var b = await manager.AddAsync(s.UserId, "demo", Request("Camera B"), CancellationToken.None);
        Assert.NotEqual(a.Id, b.Id);
        var view = await s.GoogleViewAsync();
        Assert.NotEqual(view["Camera A"].Id, view["Camera B"].Id);

        var otherEmail = await TestAccounts.CreateAsync(s.Server);
        var otherId = await CameraTestServer.UserIdAsync(s.Server, otherEmail);
        Assert.Empty(await manager.ListAsync(otherId, CancellationToken.None));
        Assert.False(await manager.RemoveAsync(otherId, a.Id, CancellationToken.None));
        Assert.DoesNotContain(await s.Get<ICameraCatalog>().ListAsync(otherId, refresh: true, CancellationToken.None), c => c.Name == "Camera A");
    }

    [Fact]
    public async Task Bad_connection_input_is_rejected_with_a_clear_message()
    {
        await using var s = await CameraTestServer.StartAsync();
        var manager = s.Get<ConnectionManager>();
        var missing = await Assert.ThrowsAsync<ConnectionRejectedException>(() =>
            manager.AddAsync(s.UserId, "demo", new ConnectionRequest("", new Dictionary<string, string>(), null), CancellationToken.None));
        Assert.Equal("Camera name is required.", missing.Message);
        var unknown = await Assert.ThrowsAsync<ConnectionRejectedException>(() =>
            manager.AddAsync(s.UserId, "acme", Request("x"), CancellationToken.None));
        Assert.Contains("Unknown camera provider 'acme'", unknown.Message, StringComparison.Ordinal);
        Assert.Empty(await manager.ListAsync(s.UserId, CancellationToken.None));
    }

    [Fact]
    public async Task The_dashboard_adds_renames_sets_the_room_and_removes_with_antiforgery_on_every_form()
    {
        await using var s = await CameraTestServer.StartAsync();
        using var flow = new LinkingFlow(s.Server);
        await flow.SignInAsync(s.Email);
        var dashboard = await flow.Browser.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("href=\"/cameras\"", dashboard, StringComparison.Ordinal);

        var page = await flow.Browser.GetStringAsync(new Uri("/cameras", UriKind.Relative));
        var add = HtmlForm.Inputs(page, "data-form=\"add-demo\"");
        Assert.Contains("__RequestVerificationToken", add.Keys);
        add["field.camera"] = "Dashboard camera";
        add["credential"] = Secret;
        var afterAdd = await PostAsync(flow, "AddConnection", add);
        Assert.Contains("Connected Demo camera.", afterAdd, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, afterAdd, StringComparison.Ordinal);

        var id = (await s.GoogleViewAsync())["Dashboard camera"].Id;
        var rename = HtmlForm.Inputs(afterAdd, $"data-form=\"rename-{id}\"");
        rename["name"] = "Kitchen camera";
        await PostAsync(flow, "Rename", rename);
        var room = HtmlForm.Inputs(afterAdd, $"data-form=\"room-{id}\"");
        room["room"] = "Kitchen";
        var afterRoom = await PostAsync(flow, "Room", room);
        var kitchen = (await s.GoogleViewAsync())["Kitchen camera"];
        Assert.Equal(id, kitchen.Id);
        Assert.Equal("Kitchen", kitchen.Room);

        // Without the antiforgery token nothing happens.
        var forged = new Dictionary<string, string>(rename) { ["name"] = "Forged" };
        forged.Remove("__RequestVerificationToken");
        using var refused = await flow.Browser.PostAsync(new Uri("/cameras?handler=Rename", UriKind.Relative), new FormUrlEncodedContent(forged));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False((await s.GoogleViewAsync()).ContainsKey("Forged"));

        var removeConnection = HtmlForm.Inputs(afterRoom, "data-form=\"remove-connection-");
        await PostAsync(flow, "RemoveConnection", removeConnection);
        Assert.False((await s.GoogleViewAsync()).ContainsKey("Kitchen camera"));
    }

    [Fact]
    public async Task The_cli_adds_lists_renames_sets_rooms_shows_errors_reconnects_and_removes()
    {
        await using var s = await CameraTestServer.StartAsync();
        var (code, output, error) = await s.CliAsync(Secret + "\n", "cameras", "add", "demo", "--camera", "CLI camera", "--room", "Attic", "--password-stdin");
        Assert.True(code == 0, output + error);
        var connectionId = System.Text.RegularExpressions.Regex.Match(output, "connection ([0-9a-f]{32})").Groups[1].Value;
        Assert.NotEmpty(connectionId);
        Assert.DoesNotContain(Secret, ReadRawConnection(s.Server.DataDirectory, Guid.Parse(connectionId)).Protected, StringComparison.Ordinal);

        (code, output, _) = await s.CliAsync("", "cameras", "list");
        Assert.Equal(0, code);
        var line = output.Split('\n').Single(l => l.Contains("CLI camera", StringComparison.Ordinal));
        var deviceId = line.Split('\t')[0];
        Assert.Contains("\tAttic\tonline\tdemo\t" + connectionId, line, StringComparison.Ordinal);

        Assert.Equal(0, (await s.CliAsync("", "cameras", "rename", deviceId, "Loft", "camera")).Code);
        Assert.Equal(0, (await s.CliAsync("", "cameras", "room", deviceId, "Loft")).Code);
        // The running server sees it at its next listing (SYNC always lists afresh).
        var view = await s.GoogleViewAsync();
        Assert.Equal(deviceId, view["Loft camera"].Id);
        Assert.Equal("Loft", view["Loft camera"].Room);

        (code, output, _) = await s.CliAsync("", "cameras", "connections");
        Assert.Contains(connectionId + "\tdemo\tDemo camera\t1 camera(s)\tok, listed", output, StringComparison.Ordinal);
        (code, output, _) = await s.CliAsync("", "cameras", "error", connectionId);
        Assert.Equal(0, code);
        Assert.Contains("ok, listed", output, StringComparison.Ordinal);
        (code, output, _) = await s.CliAsync("", "cameras", "reconnect", connectionId);
        Assert.Equal(0, code);

        (code, _, error) = await s.CliAsync("", "cameras", "add", "demo");
        Assert.Equal(1, code);
        Assert.Contains("Camera name is required.", error, StringComparison.Ordinal);
        Assert.Equal(2, (await s.CliAsync("", "cameras", "frobnicate")).Code);

        Assert.Equal(0, (await s.CliAsync("", "cameras", "remove", connectionId)).Code);
        Assert.False((await s.GoogleViewAsync()).ContainsKey("Loft camera"));
    }

    private static ConnectionRequest Request(string camera) => new("", new Dictionary<string, string> { ["camera"] = camera }, null);

    private static async Task<string> PostAsync(LinkingFlow flow, string handler, Dictionary<string, string> fields)
    {
        using var response = await flow.Browser.PostAsync(new Uri("/cameras?handler=" + handler, UriKind.Relative), new FormUrlEncodedContent(fields));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{handler}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>The stored columns, read with plain SQL as someone holding the database file would.</summary>
    private static (string Protected, string Settings) ReadRawConnection(string dataDirectory, Guid id)
    {
        using var connection = new SqliteConnection(SqliteDefaults.ConnectionString(dataDirectory));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, ProtectedCredentials, SettingsJson FROM ProviderConnections";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (Guid.Parse(reader.GetString(0)) == id)
            {
                return (reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetString(2));
            }
        }

        throw new InvalidOperationException($"connection {id} is not stored");
    }
}
