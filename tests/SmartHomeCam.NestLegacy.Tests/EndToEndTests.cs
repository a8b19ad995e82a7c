using System.Text.Json;
using FFMpegCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;
using SmartHomeCam.Fakes.NestLegacy;
using SmartHomeCam.Testing;

namespace SmartHomeCam.NestLegacy.Tests;

/// <summary>The real server with a legacy Nest account linked against the fake: SYNC, EXECUTE, and ffmpeg reading the HLS.</summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task A_linked_legacy_account_syncs_executes_and_its_hls_decodes_for_ten_seconds_on_the_cameras_clock()
    {
        await using var fake = await FakeNestServer.StartAsync();
        fake.Scenario.Burst = 5; // arrival bunches five frames at a time; HLS must still be evenly timed
        await using var f = await FulfillmentServer.StartAsync(fake.ClientSettings());
        var user = await f.Server.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(f.Email);
        var manager = f.Server.Services.GetRequiredService<ConnectionManager>();

        // What the dashboard's "add connection" form posts, first with a logged-out cookie, then the right one.
        var fields = new Dictionary<string, string> { ["method"] = "google", ["issue_token_url"] = fake.IssueTokenUrl.ToString() };
        var refused = await Assert.ThrowsAsync<ConnectionRejectedException>(() =>
            manager.AddAsync(user!.Id, NestLegacyCameraProvider.ProviderId, new ConnectionRequest("Home", fields, "SID=expired"), CancellationToken.None));
        Assert.StartsWith("Google session ended", refused.Message, StringComparison.Ordinal);
        var added = await manager.AddAsync(user!.Id, NestLegacyCameraProvider.ProviderId, new ConnectionRequest("Home", fields, fake.Scenario.Cookie), CancellationToken.None);
        Assert.Null(added.LastError);
        Assert.Equal(1, added.CameraCount);

        var ids = await f.DeviceIdsAsync();
        Assert.True(ids.ContainsKey("Front Door"), string.Join(", ", ids.Keys));
        Assert.Equal(ids["Front Door"], (await f.DeviceIdsAsync())["Front Door"]); // stable across SYNCs
        var (_, body) = await f.Client.PostAsync(FulfillmentClient.Execute(ids["Front Door"]));
        var url = JsonDocument.Parse(body).RootElement.GetProperty("payload").GetProperty("commands")[0]
            .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!;

        var recording = Path.Combine(Path.GetTempPath(), $"shc-nestlegacy-{Guid.NewGuid():N}.ts");
        try
        {
            var recorded = await FfmpegOracle.RecordAsync(url, recording, TimeSpan.FromSeconds(11));
            Assert.True(recorded.Success && string.IsNullOrWhiteSpace(recorded.Errors()), recorded.Errors());

            var decode = await FfmpegOracle.DecodeAsync(recording);
            Assert.True(decode.Success && string.IsNullOrWhiteSpace(decode.Errors()), decode.Errors());

            var analysis = await FFProbe.AnalyseAsync(recording);
            Assert.NotNull(analysis.PrimaryVideoStream);
            Assert.NotNull(analysis.PrimaryAudioStream);
            Assert.True(analysis.Duration >= TimeSpan.FromSeconds(10), $"{analysis.Duration}");

            var packets = (await FFProbe.GetPacketsAsync(recording)).Packets.Where(p => p.CodecType == "video").ToList();
            Assert.True(packets.Count >= 250, $"only {packets.Count} video packets");
            var steps = packets.Zip(packets.Skip(1), (a, b) => b.Pts - a.Pts).ToList();
            Assert.All(steps, s => Assert.Equal(FakeNestClip.FrameDuration90k, s)); // the camera's clock, not arrival in bursts
        }
        finally
        {
            File.Delete(recording);
        }
    }
}
