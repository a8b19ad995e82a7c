using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras;
using SmartHomeCam.Coordination;
using SmartHomeCam.Streaming.Tokens;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Streaming.Tests;

/// <summary>/streams/{token}/…: tokens checked on every request, CORS on every response, correct types.</summary>
public sealed class StreamEndpointTests : IAsyncLifetime
{
    private readonly ManualClock clock = new();
    private FulfillmentServer f = null!;
    private HttpClient http = null!;
    private Dictionary<string, string> ids = null!;

    public async Task InitializeAsync()
    {
        f = await FulfillmentServer.StartAsync();
        http = f.Server.CreateClient();
        ids = await f.DeviceIdsAsync();
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await f.DisposeAsync();
    }

    private async Task<Uri> ExecuteAsync(string camera = "Demo camera")
    {
        var (_, body) = await f.Client.PostAsync(FulfillmentClient.Execute(ids[camera]));
        var url = JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0].GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString();
        return new Uri(url!);
    }

    private static Uri Sibling(Uri playlist, string name) => new(playlist, name);

    private static void AssertCors(HttpResponseMessage response) =>
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));

    [Fact]
    public async Task Playlists_and_segments_have_the_right_types_cache_headers_and_cors()
    {
        var index = await ExecuteAsync();
        using var multivariant = await http.GetAsync(index);
        Assert.Equal(HttpStatusCode.OK, multivariant.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", multivariant.Content.Headers.ContentType!.MediaType);
        Assert.True(multivariant.Headers.CacheControl!.NoCache);
        AssertCors(multivariant);
        var text = await multivariant.Content.ReadAsStringAsync();
        // "Demo camera" has sound: CODECS names both streams (RFC 8216 §4.3.4.2).
        Assert.Matches("#EXT-X-STREAM-INF:BANDWIDTH=\\d+,CODECS=\"avc1.64001F,mp4a.40.2\",RESOLUTION=640x360\n" + StreamUrlShape.MediaPlaylistName + "\n", text);

        using var media = await http.GetAsync(Sibling(index, StreamUrlShape.MediaPlaylistName));
        AssertCors(media);
        var mediaText = await media.Content.ReadAsStringAsync();
        var segment = mediaText.Split('\n').Last(l => l.EndsWith(".ts", StringComparison.Ordinal));
        Assert.True(StreamUrlShape.TryParseSegment(segment, out _), segment); // relative: the token in the path carries over

        using var ts = await http.GetAsync(Sibling(index, segment));
        Assert.Equal(HttpStatusCode.OK, ts.StatusCode);
        Assert.Equal("video/mp2t", ts.Content.Headers.ContentType!.MediaType);
        AssertCors(ts);
        var bytes = await ts.Content.ReadAsByteArrayAsync();
        Assert.Equal(0x47, bytes[0]);
        Assert.Equal(0, bytes.Length % 188);

        using var options = await http.SendAsync(new HttpRequestMessage(HttpMethod.Options, index));
        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
        AssertCors(options);
        Assert.Contains("GET", options.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Sibling(index, segment)));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task A_segment_sent_from_its_pooled_blocks_is_whole_and_head_states_its_length()
    {
        var index = await ExecuteAsync();
        var mediaText = await http.GetStringAsync(Sibling(index, StreamUrlShape.MediaPlaylistName));
        var segment = mediaText.Split('\n').Last(l => l.EndsWith(".ts", StringComparison.Ordinal));
        var bytes = await http.GetByteArrayAsync(Sibling(index, segment));
        Assert.True(bytes.Length > Media.Hls.SegmentBlockPool.BlockSize, $"{bytes.Length} bytes: too small to span blocks");
        Assert.Equal(0, bytes.Length % 188);
        Assert.All(bytes.Chunk(188), packet => Assert.Equal(0x47, packet[0])); // no gap or seam between blocks

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Sibling(index, segment)));
        Assert.Equal(bytes.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(bytes, await http.GetByteArrayAsync(Sibling(index, segment))); // a segment never changes
    }

    [Fact]
    public async Task A_video_only_camera_declares_only_its_video_codec()
    {
        var index = await ExecuteAsync("Demo porch camera");
        var text = await http.GetStringAsync(index);
        Assert.Matches("CODECS=\"avc1.64001F\",", text);
    }

    [Fact]
    public async Task Tampered_token_gets_403_with_no_detail_and_cors()
    {
        var index = await ExecuteAsync();
        var token = index.Segments[2].TrimEnd('/');
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        using var response = await http.GetAsync(new Uri(index.ToString().Replace(token, tampered, StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        AssertCors(response);
    }

    [Fact]
    public async Task Token_for_a_camera_the_account_does_not_have_gets_403()
    {
        var service = f.Server.Services.GetRequiredService<StreamTokenService>();
        var other = await TestAccounts.CreateAsync(f.Server);
        using var otherClient = await FulfillmentClient.LinkAsync(f.Server, other);
        var (_, sync) = await otherClient.PostAsync(FulfillmentClient.Sync());
        var otherUserId = "";
        await using (var scope = f.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SmartHomeCam.Data.AppDbContext>();
            otherUserId = db.Users.Single(u => u.Email == other).Id;
        }

        // Signed by us, but binding the other account to our camera: the camera is not theirs.
        var (token, _) = service.Mint(ids["Demo camera"], otherUserId);
        using var response = await http.GetAsync(new Uri(f.Server.BaseAddress, StreamUrlShape.PlaylistPath(token)));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEmpty(sync);
    }

    [Fact]
    public async Task Revoked_tokens_get_403_on_playlists_and_segments()
    {
        var index = await ExecuteAsync();
        using var live = await http.GetAsync(Sibling(index, StreamUrlShape.MediaPlaylistName));
        var segment = (await live.Content.ReadAsStringAsync()).Split('\n').Last(l => l.EndsWith(".ts", StringComparison.Ordinal));
        await using (var scope = f.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SmartHomeCam.Data.AppDbContext>();
            await f.Server.Services.GetRequiredService<ICoordination>().PublishAsync(Channels.LinkingEnded, db.Users.Single(u => u.Email == f.Email).Id);
        }

        // The notice is applied asynchronously, as on Redis.
        await Poll.UntilAsync(async () => (await http.GetAsync(index)).StatusCode == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(index)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(Sibling(index, segment))).StatusCode);
    }

    [Fact]
    public async Task Unknown_segments_and_other_paths_are_404_and_traversal_goes_nowhere()
    {
        var index = await ExecuteAsync();
        await http.GetAsync(index);
        foreach (var name in new[] { "seg999999.ts", "seg1.ts.bak", "appsettings.json", "seg-1.ts", "..%2F..%2Fappsettings.json", "%2e%2e/%2e%2e/appsettings.json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(index.GetLeftPart(UriPartial.Authority) + index.AbsolutePath.Replace(StreamUrlShape.MultivariantName, name, StringComparison.Ordinal), UriKind.Absolute));
            using var response = await http.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{name}: {response.StatusCode}");
            if (response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/streams/", StringComparison.Ordinal))
            {
                AssertCors(response); // (a path the client normalised out of /streams is not ours to answer)
            }

            Assert.DoesNotContain("ConnectionStrings", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Expired_token_gets_403()
    {
        await using var timed = await FulfillmentServer.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var device = (await timed.DeviceIdsAsync())["Demo camera"];
        var (_, body) = await timed.Client.PostAsync(FulfillmentClient.Execute(device));
        var url = new Uri(JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0].GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
        using var client = timed.Server.CreateClient();
        clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertCors(response);
    }

    [Fact]
    public void The_test_provider_is_registered() =>
        Assert.Contains(f.Server.Services.GetServices<ICameraProvider>(), p => p.Id == "test");
}
