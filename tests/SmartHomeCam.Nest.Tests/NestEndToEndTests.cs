using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Data;
using SmartHomeCam.Fakes.Nest;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Nest.Tests;

/// <summary>The real server, its real pages and /fulfillment, Nest pointed at the fake Google cloud.</summary>
public sealed class NestEndToEndTests
{
    [Fact]
    public async Task A_nest_account_linked_through_the_pages_reaches_google_and_its_hls_url_decodes_with_ffmpeg()
    {
        await using var s = await NestTestServer.StartAsync();
        var page = await s.LinkThroughPagesAsync();
        Assert.Contains("Linked Home Nest: 5 camera(s) shared.", page, StringComparison.Ordinal);
        Assert.Contains("Porch cam", page, StringComparison.Ordinal);
        Assert.Contains("WebRTC (video only)", page, StringComparison.Ordinal);

        using var google = await s.LinkGoogleAsync();
        var devices = await NestTestServer.SyncAsync(google);
        // CAMERA, DOORBELL and DISPLAY; an empty customName is named after its room.
        Assert.Subset(devices.Keys.ToHashSet(), new HashSet<string> { "Porch cam", "Kitchen cam", "Garden cam", "Front door", "Living Room" });
        var porch = devices["Porch cam"].GetProperty("id").GetString()!;
        var (url, error) = await NestTestServer.ExecuteAsync(google, porch);
        Assert.True(url is not null, error);
        var decode = await FfmpegOracle.DecodeAsync(url.ToString(), TimeSpan.FromSeconds(3));
        Assert.True(decode.Success && decode.Errors().Length == 0, decode.Errors());
        Assert.Single(s.Cloud.Streams); // one stream for the one capture session

        // The refresh token is stored encrypted and never logged.
        await using var scope = s.Server.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<AppDbContext>().ProviderConnections.SingleAsync(c => c.ProviderId == "nest");
        Assert.DoesNotContain("fake-refresh", row.ProtectedCredentials ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("fake-refresh", s.Server.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("ya29.", s.Server.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_hls_stream_across_three_extensions_has_every_segment_no_discontinuity_and_rising_timestamps()
    {
        await using var s = await NestTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Nest:ExtendLeadTime"] = "00:00:02",
            ["Nest:CommandPerDevicePerMinute"] = "1000",
            ["Nest:ExecutePerMinute"] = "1000",
        }, c => { c.StreamLifetime = TimeSpan.FromSeconds(5); c.EnforceQuotas = false; });
        await s.LinkThroughPagesAsync();
        using var google = await s.LinkGoogleAsync();
        var porch = (await NestTestServer.SyncAsync(google))["Porch cam"].GetProperty("id").GetString()!;
        var (url, error) = await NestTestServer.ExecuteAsync(google, porch);
        Assert.True(url is not null, error);

        using var http = s.Server.CreateClient();
        var live = new Uri(url, "live.m3u8");
        var segments = new SortedDictionary<long, string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((DateTime.UtcNow < deadline && s.Cloud.Streams.Sum(x => x.Extensions) < 3) || segments.Count < 12)
        {
            Assert.True(DateTime.UtcNow < deadline.AddSeconds(10), "the stream did not get through three extensions");
            using var response = await http.GetAsync(live);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var playlist = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("#EXT-X-DISCONTINUITY", playlist, StringComparison.Ordinal);
                var lines = playlist.Split('\n', StringSplitOptions.TrimEntries);
                var sequence = long.Parse(lines.First(l => l.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))[22..], CultureInfo.InvariantCulture);
                foreach (var uri in lines.Where(l => l.Length > 0 && !l.StartsWith('#')))
                {
                    segments.TryAdd(sequence++, uri);
                }
            }

            await Task.Delay(400);
        }

        Assert.True(Assert.Single(s.Cloud.Streams).Extensions >= 3);
        Assert.Equal(0, s.Rtsp.Cuts);
        // Media-sequence continuity: every number from the first seen to the last, none skipped.
        Assert.Equal(segments.Keys.Last() - segments.Keys.First() + 1, segments.Count);

        // DTS rises across every segment boundary (and so across every splice): ffprobe each segment still listed.
        var starts = new List<(long Seq, double Start, double End)>();
        var playlistNow = await http.GetStringAsync(live);
        foreach (var (seq, uri) in segments.Where(p => playlistNow.Contains(p.Value, StringComparison.Ordinal)))
        {
            var path = ExternalTool.TempFile(".ts");
            try
            {
                await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync(new Uri(live, uri)));
                var dts = (await FfmpegOracle.VideoPacketsAsync(path)).Select(p => (double)p.Dts).ToList();
                Assert.All(dts.Zip(dts.Skip(1)), p => Assert.True(p.Second > p.First));
                starts.Add((seq, dts[0], dts[^1]));
            }
            finally
            {
                File.Delete(path);
            }
        }

        Assert.True(starts.Count >= 3);
        foreach (var (a, b) in starts.Zip(starts.Skip(1)))
        {
            // The next segment starts one frame (40 ms at 25 fps = 3600 ticks) after the previous one's last frame.
            Assert.InRange(b.Start - a.End, 1, 2 * 3600);
        }
    }

    [Fact]
    public async Task A_google_outage_keeps_the_cameras_listed_offline()
    {
        await using var s = await NestTestServer.StartAsync(new Dictionary<string, string?> { ["Nest:DeviceListCacheDuration"] = "00:00:00" });
        await s.LinkThroughPagesAsync();
        using var google = await s.LinkGoogleAsync();
        var before = await NestTestServer.SyncAsync(google);
        var porch = before["Porch cam"].GetProperty("id").GetString()!;
        s.Cloud.Faults.Offline = true;
        var during = await NestTestServer.SyncAsync(google);
        Assert.Equal(before.Keys.Order(), during.Keys.Order()); // never removed
        var (_, query) = await google.PostAsync(FulfillmentClient.Query(porch));
        Assert.Contains("\"online\":false", query, StringComparison.Ordinal);
        var (url, error) = await NestTestServer.ExecuteAsync(google, porch);
        Assert.Null(url);
        Assert.Equal("deviceOffline", error);
        s.Cloud.Faults.Offline = false;
        await NestTestServer.SyncAsync(google);
        var (_, back) = await google.PostAsync(FulfillmentClient.Query(porch));
        Assert.Contains("\"online\":true", back, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_viewers_of_five_cameras_stay_within_googles_quota()
    {
        var five = Enumerable.Range(1, 5).Select(i => new FakeNestDevice($"cam-{i}", FakeNestDevice.Camera, $"Camera {i}", $"Room {i}", ["RTSP"])).ToList();
        await using var s = await NestTestServer.StartAsync(setUp: c => c.DefaultAccount = FakeNestCloud.AddAccount("five", five));
        await s.LinkThroughPagesAsync();
        using var google = await s.LinkGoogleAsync();
        var ids = (await NestTestServer.SyncAsync(google)).Where(d => d.Key.StartsWith("Camera ", StringComparison.Ordinal))
            .Select(d => d.Value.GetProperty("id").GetString()!).ToList();
        Assert.Equal(5, ids.Count);

        var viewers = Enumerable.Range(0, 20).Select(async i =>
        {
            var (url, error) = await NestTestServer.ExecuteAsync(google, ids[i % 5]);
            Assert.True(url is not null, error);
            using var http = s.Server.CreateClient();
            await Poll.UntilAsync(async () =>
            {
                using var r = await http.GetAsync(new Uri(url, "live.m3u8"));
                return r.StatusCode == HttpStatusCode.OK && (await r.Content.ReadAsStringAsync()).Contains("#EXTINF", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(30), $"viewer {i} plays");
        });
        await Task.WhenAll(viewers);
        Assert.Equal(0, s.Cloud.QuotaViolations);
        Assert.Equal(5, s.Cloud.Streams.Count); // one stream per camera, shared by its viewers
        Assert.True(s.Cloud.ListCalls <= 5, $"{s.Cloud.ListCalls} device lists in a minute");
    }

    [Fact]
    public async Task Disconnect_nest_deletes_the_tokens_and_the_cameras()
    {
        await using var s = await NestTestServer.StartAsync();
        var page = await s.LinkThroughPagesAsync();
        await using (var scope = s.Server.Services.CreateAsyncScope())
        {
            var id = (await scope.ServiceProvider.GetRequiredService<AppDbContext>().ProviderConnections.SingleAsync()).Id;
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["connectionId"] = id.ToString(),
                ["__RequestVerificationToken"] = GoogleSim.HtmlForm.AntiforgeryToken(page),
            });
            using var response = await s.Browser.PostAsync(new Uri("/nest?handler=Disconnect", UriKind.Relative), form);
            Assert.Contains("Nest account disconnected", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using (var scope = s.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.ProviderConnections.AnyAsync());
            Assert.False(await db.KnownCameras.AnyAsync(k => k.ProviderId == "nest"));
        }

        using var google = await s.LinkGoogleAsync();
        Assert.DoesNotContain("Porch cam", (await NestTestServer.SyncAsync(google)).Keys);
    }

    [Fact]
    public async Task A_second_nest_account_is_a_second_connection_with_its_own_cameras()
    {
        await using var s = await NestTestServer.StartAsync();
        await s.LinkThroughPagesAsync("First");
        s.Cloud.DefaultAccount = FakeNestCloud.AddAccount("second", [new FakeNestDevice("cabin", FakeNestDevice.Camera, "Cabin cam", "Cabin", ["RTSP"])]);
        var page = await s.LinkThroughPagesAsync("Second");
        Assert.Contains("Linked Second: 1 camera(s) shared.", page, StringComparison.Ordinal);
        using var google = await s.LinkGoogleAsync();
        var devices = await NestTestServer.SyncAsync(google);
        Assert.Contains("Cabin cam", devices.Keys);
        Assert.Contains("Porch cam", devices.Keys);
    }
}
