using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Coordination;
using SmartHomeCam.Data;
using SmartHomeCam.Streaming.Sessions;
using SmartHomeCam.Streaming.Tokens;

namespace SmartHomeCam.Streaming.Tests;

/// <summary>
/// The streaming module's roles tested on their own (no web server, no OAuth, a fake clock): the registry
/// shares sessions, the reaper stops idle ones, failures restart with a discontinuity, linking-ended voids URLs
/// and stops sessions, revocations survive a restart.
/// </summary>
public sealed class StreamingModuleTests
{
    private const string User = "user-1";

    private static async Task<string> GrantAsync(StreamingModule m, string deviceId, string user = User)
    {
        var grant = await m.Get<IStreamUrls>().GrantAsync(user, deviceId, "test", CancellationToken.None);
        Assert.Equal(StreamGrantStatus.Granted, grant.Status);
        Assert.Equal(StreamUrlShape.PlaylistPath(grant.Token), grant.PlaylistPath);
        return grant.Token;
    }

    [Fact]
    public async Task Get_or_start_shares_one_session_per_camera()
    {
        await using var m = await StreamingModule.StartAsync();
        m.Catalog.Add(User, "cam-a");
        m.Catalog.Add(User, "cam-b");

        var first = await GrantAsync(m, "cam-a");
        var second = await GrantAsync(m, "cam-a");
        await GrantAsync(m, "cam-b");

        var registry = m.Get<CaptureSessionRegistry>();
        Assert.Equal(2, registry.All.Count);
        var feeds = m.Get<ILiveFeeds>();
        var tokens = m.Get<StreamTokenService>();
        var viaFirst = await feeds.OpenAsync(tokens.Validate(first)!, CancellationToken.None);
        var viaSecond = await feeds.OpenAsync(tokens.Validate(second)!, CancellationToken.None);
        Assert.Same(viaFirst, viaSecond);
        Assert.Same(registry.Find("cam-a", User), viaFirst);
        await StreamingModule.WaitUntilAsync(() => m.Catalog.Opened == 2);
        Assert.True(await viaFirst!.WaitForSegmentsAsync(1, TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Equal(2, m.Catalog.Opened); // one connection per camera, however many viewers
    }

    [Fact]
    public async Task Unknown_camera_gets_no_url_and_starts_nothing()
    {
        await using var m = await StreamingModule.StartAsync();
        m.Catalog.Add("someone-else", "cam-a");
        var grant = await m.Get<IStreamUrls>().GrantAsync(User, "cam-a", "test", CancellationToken.None);
        Assert.Equal(StreamGrantStatus.NotFound, grant.Status);
        Assert.Empty(m.Get<CaptureSessionRegistry>().All);
    }

    [Fact]
    public async Task Idle_reaping_stops_the_source_and_a_later_fetch_restarts_it()
    {
        await using var m = await StreamingModule.StartAsync();
        m.Catalog.Add(User, "cam-a");
        var token = await GrantAsync(m, "cam-a");
        await StreamingModule.WaitUntilAsync(() => m.Catalog.Opened == 1);
        var reaper = m.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<IdleSessionReaper>().Single();

        m.Clock.Advance(TimeSpan.FromSeconds(59));
        await reaper.ReapAsync();
        Assert.Equal(0, m.Catalog.Released); // not idle yet

        m.Clock.Advance(TimeSpan.FromSeconds(2));
        await reaper.ReapAsync();
        await StreamingModule.WaitUntilAsync(() => m.Catalog.Released == 1);
        Assert.False(m.Get<CaptureSessionRegistry>().Find("cam-a", User)!.IsRunning);

        // The token is still a capability: the viewer comes back and the camera is connected again.
        var feed = await m.Get<ILiveFeeds>().OpenAsync(m.Get<StreamTokenService>().Validate(token)!, CancellationToken.None);
        Assert.NotNull(feed);
        await StreamingModule.WaitUntilAsync(() => m.Catalog.Opened == 2);
    }

    [Fact]
    public async Task A_failing_source_restarts_after_back_off_with_a_discontinuity()
    {
        var catalog = new FakeCatalog { FailFirstConnectionAfterFrames = 120 }; // about two seconds of video and sound
        await using var m = await StreamingModule.StartAsync(catalog: catalog);
        m.Catalog.Add(User, "cam-a");
        await GrantAsync(m, "cam-a");
        var session = m.Get<CaptureSessionRegistry>().Find("cam-a", User)!;

        await StreamingModule.WaitUntilAsync(() => session.State == CaptureState.Failing);
        Assert.Equal(1, m.Catalog.Released);
        Assert.Equal(1, m.Catalog.Opened); // waiting out the back-off on the fake clock

        await StreamingModule.WaitUntilAsync(() => m.Catalog.Opened == 2, eachPoll: () => m.Clock.Advance(TimeSpan.FromMilliseconds(500)));
        await StreamingModule.WaitUntilAsync(() => session.Window.Segments.Any(s => s.Discontinuity));
        Assert.Contains("#EXT-X-DISCONTINUITY\n", System.Text.Encoding.UTF8.GetString(session.Window.MediaPlaylist(StreamUrlShape.SegmentPrefix, StreamUrlShape.SegmentSuffix)), StringComparison.Ordinal);
        Assert.Equal(CaptureState.Live, session.State);
    }

    [Fact]
    public async Task Linking_ended_voids_the_accounts_urls_and_stops_its_sessions_only()
    {
        await using var m = await StreamingModule.StartAsync();
        m.Catalog.Add(User, "cam-a");
        m.Catalog.Add("user-2", "cam-b");
        var mine = await GrantAsync(m, "cam-a");
        var theirs = await GrantAsync(m, "cam-b", "user-2");
        await StreamingModule.WaitUntilAsync(() => m.Catalog.Opened == 2);

        await m.Get<ICoordination>().PublishAsync(Channels.LinkingEnded, User);

        // Notices are delivered asynchronously (as Redis does), so the subscriber acts shortly after.
        var tokens = m.Get<StreamTokenService>();
        await StreamingModule.WaitUntilAsync(() => tokens.Validate(mine) is null);
        Assert.NotNull(tokens.Validate(theirs));
        await StreamingModule.WaitUntilAsync(() => m.Catalog.Released == 1);
        Assert.Null(m.Get<CaptureSessionRegistry>().Find("cam-a", User));
        Assert.True(m.Get<CaptureSessionRegistry>().Find("cam-b", "user-2")!.IsRunning);

        // Relinking later gets working URLs again.
        m.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(tokens.Validate(await GrantAsync(m, "cam-a")));
    }

    [Fact]
    public async Task A_revocation_survives_a_restart_on_the_same_data_directory()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = await StreamingModule.StartAsync(clock: clock);
        first.Catalog.Add(User, "cam-a");
        var token = await GrantAsync(first, "cam-a");
        await first.Get<ICoordination>().PublishAsync(Channels.LinkingEnded, User);
        await StreamingModule.WaitUntilAsync(() => first.Get<StreamTokenService>().Validate(token) is null);
        await first.StopAsync();

        clock.Advance(TimeSpan.FromSeconds(1));
        await using var second = await StreamingModule.StartAsync(first.DataDirectory, clock, first.Catalog);
        var tokens = second.Get<StreamTokenService>();
        Assert.Null(tokens.Validate(token)); // the signing key came back from disk, and so did the revocation
        Assert.NotNull(tokens.Validate(await GrantAsync(second, "cam-a")));
    }

    [Fact]
    public async Task Revocations_older_than_the_token_lifetime_are_pruned()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = await StreamingModule.StartAsync(clock: clock);
        // The persisted set itself (the linking-ended notice path is covered above).
        first.Get<IStreamRevocations>().RevokeUser(User, clock.GetUtcNow());
        first.Get<IStreamRevocations>().RevokeUser("user-2", clock.GetUtcNow());
        await first.StopAsync();
        Assert.Equal(2, await CountRevocationsAsync(first.DataDirectory, clock));

        clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1)); // past Streaming:TokenLifetime
        var second = await StreamingModule.StartAsync(first.DataDirectory, clock);
        await second.StopAsync();
        await using var third = await StreamingModule.StartAsync(first.DataDirectory, clock);
        Assert.Equal(0, await CountRevocationsAsync(first.DataDirectory, clock));
    }

    private static async Task<int> CountRevocationsAsync(string dataDirectory, TimeProvider clock)
    {
        var services = new ServiceCollection().AddSmartHomeCamData(new DatabaseOptions(), dataDirectory).AddSingleton(clock).BuildServiceProvider();
        await using var _ = services;
        await using var scope = services.CreateAsyncScope();
        var count = await scope.ServiceProvider.GetRequiredService<AppDbContext>().StreamRevocations.CountAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return count;
    }
}
