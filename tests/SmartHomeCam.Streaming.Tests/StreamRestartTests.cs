using System.Net;
using Microsoft.Extensions.Options;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Streaming.Tests;

/// <summary>The real server across restarts, and refusing to start on streaming options it cannot honour.</summary>
public sealed class StreamRestartTests
{
    [Fact]
    public async Task A_revoked_stream_url_still_gets_403_after_a_restart_on_the_same_data_directory()
    {
        var f = await FulfillmentServer.StartAsync();
        var data = f.Server.DataDirectory;
        Uri revokedPath, livePath;
        try
        {
            f.Server.DeleteDataOnDispose = false;
            var ids = await f.DeviceIdsAsync();
            var url = await ExecuteAsync(f, ids["Demo porch camera"]);
            using (var http = f.Server.CreateClient())
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);
            }

            Assert.Equal((200, "{}"), await f.Client.PostAsync(FulfillmentClient.Disconnect()));
            revokedPath = new Uri(url.PathAndQuery, UriKind.Relative);

            // A second account's URL stays valid across the restart: the key is kept, only the revocation bites.
            var other = await TestAccounts.CreateAsync(f.Server);
            using var otherClient = await FulfillmentClient.LinkAsync(f.Server, other);
            var (_, sync) = await otherClient.PostAsync(FulfillmentClient.Sync());
            var otherDevice = System.Text.Json.JsonDocument.Parse(sync).RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
                .First(d => d.GetProperty("name").GetProperty("name").GetString() == "Demo porch camera").GetProperty("id").GetString()!;
            var (_, exec) = await otherClient.PostAsync(FulfillmentClient.Execute(otherDevice));
            livePath = new Uri(new Uri(System.Text.Json.JsonDocument.Parse(exec).RootElement.GetProperty("payload").GetProperty("commands")[0]
                .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!).PathAndQuery, UriKind.Relative);
        }
        finally
        {
            await f.DisposeAsync();
        }

        await using var restarted = await ServerInstance.StartAsync(dataDirectory: data);
        using var client = restarted.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(revokedPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(livePath)).StatusCode);
    }

    [Theory]
    [InlineData("Streaming:PlaylistSegments", "2", "Streaming:PlaylistSegments is 2; a live playlist needs at least 3 segments")]
    [InlineData("Streaming:MinSegmentsBeforePlaylist", "0", "Streaming:MinSegmentsBeforePlaylist is 0")]
    [InlineData("Streaming:IdleTimeout", "00:00:00", "Streaming:IdleTimeout is 00:00:00; it must be positive")]
    public async Task Streaming_options_it_cannot_honour_stop_the_start_with_a_clear_message(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var _ = await ServerInstance.StartAsync(new Dictionary<string, string?> { [key] = value });
        });
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static async Task<Uri> ExecuteAsync(FulfillmentServer f, string deviceId)
    {
        var (_, body) = await f.Client.PostAsync(FulfillmentClient.Execute(deviceId));
        return new Uri(System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0]
            .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
    }
}
