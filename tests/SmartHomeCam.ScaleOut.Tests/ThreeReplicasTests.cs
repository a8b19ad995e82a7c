using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmartHomeCam.GoogleSim;
using SmartHomeCam.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace SmartHomeCam.ScaleOut.Tests;

/// <summary>
/// Three server processes on one redis-server and one PostgreSQL on loopback: one reader per camera whichever
/// replica is asked, any replica serves the URL, a SIGKILLed owner is taken over, a Redis restart is survived.
/// </summary>
[Collection("replicas")] // one after the other: each starts several servers, load enough for two cores
public sealed class ThreeReplicasTests(ITestOutputHelper output)
{
    private const string Email = "home@example.com";
    private const string Password = "correct horse battery";
    private const string ClientSecret = "scaleout-client-secret-0123456789";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task One_reader_per_camera_any_replica_serves_the_URL_and_playback_survives_owner_death_and_a_Redis_restart()
    {
        using var postgres = await PostgresServer.StartAsync();
        using var redis = await RestartableRedis.StartAsync();
        using var counter = new ReaderCounter();
        var settings = Settings(postgres, redis, counter);

        // A migrates the database, registers Google's client and creates the account; B and C start together after it.
        await using var a = await ReplicaProcess.StartAsync("a", new Dictionary<string, string>(settings)
        {
            ["Google:ClientSecret"] = ClientSecret,
            ["ScaleOutTest:SeedEmail"] = Email,
            ["ScaleOutTest:SeedPassword"] = Password,
        });
        var startB = ReplicaProcess.StartAsync("b", settings);
        var startC = ReplicaProcess.StartAsync("c", settings);
        await using var b = await startB;
        await using var c = await startC;
        var replicas = new[] { a, b, c };
        try
        {
            // Ready first (database and Redis answer): on a loaded machine a replica's first requests are slow.
            foreach (var replica in replicas)
            {
                using var probe = replica.CreateClient();
                await Poll.UntilAsync(async () => (await probe.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode, TimeSpan.FromSeconds(90), replica.Name + " ready");
            }

            // Link through A; SYNC and EXECUTE through B.
            using var linking = new AccountLinkingClient(a.BaseAddress, new GoogleClientCredentials("google-home", ClientSecret, "https://oauth-redirect.googleusercontent.com/r/test-project"));
            var tokens = await linking.LinkAsync(Email, Password);
            using var intents = new IntentClient(b.BaseAddress, tokens.AccessToken);
            var (_, sync) = await intents.PostAsync(IntentRequests.Sync("sync-1"));
            var deviceId = JsonDocument.Parse(sync).RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
                .Single(d => d.GetProperty("name").GetProperty("name").GetString() == "Counted camera").GetProperty("id").GetString()!;
            var watch = Stopwatch.StartNew();
            var (_, execute) = await intents.PostAsync(IntentRequests.Execute("exec-1", deviceId, ["hls"], IntentRequests.GetCameraStream));
            var url = new Uri(JsonDocument.Parse(execute).RootElement.GetProperty("payload").GetProperty("commands")[0]
                .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
            var path = url.AbsolutePath;

            // Play through A, B and C.
            foreach (var replica in replicas)
            {
                var played = await PlayAsync(replica, path, TimeSpan.FromSeconds(30));
                output.WriteLine($"{replica.Name}: playlist + segment {played} after {watch.ElapsedMilliseconds} ms");
            }

            var media = Path.Combine(Path.GetTempPath(), "shc-scaleout-" + Guid.NewGuid().ToString("N") + ".ts");
            var copy = await FfmpegOracle.RecordAsync(new Uri(c.BaseAddress, path).AbsoluteUri, media, TimeSpan.FromSeconds(3), timeout: TimeSpan.FromSeconds(60));
            Assert.True(copy.Success, "ffmpeg through C: " + copy.Errors());
            Assert.True(new FileInfo(media).Length > 10_000);
            File.Delete(media);
            Assert.Equal(1, counter.Current);
            Assert.Equal(1, counter.Max);

            // SIGKILL the owner mid-stream; the next viewer requests make another replica take over.
            var observer = ConfigurationOptions.Parse(redis.Configuration + ",abortConnect=false");
            observer.ReconnectRetryPolicy = new LinearRetry(100); // the test's own view of Redis comes back at once
            using var redisClient = await ConnectionMultiplexer.ConnectAsync(observer);
            var ownerAddress = OwnerAddress(redisClient, deviceId)!;
            var owner = replicas.Single(r => r.BaseAddress.Port == new Uri(ownerAddress).Port);
            var survivors = replicas.Where(r => r != owner).ToArray();

            // hls.js in Chromium plays through a replica that does not own the camera, before and after the kill.
            await using var browser = await PlayerBrowser.StartAsync();
            var player = await browser.OpenAsync("hls", new Uri(survivors[0].BaseAddress, path));
            await Poll.UntilAsync(async () => await PlayerBrowser.CurrentTimeAsync(player) >= 2 || (await PlayerBrowser.ErrorsAsync(player)).Length > 0, TimeSpan.FromSeconds(45), "hls.js playing through " + survivors[0].Name);
            Assert.Empty(await PlayerBrowser.ErrorsAsync(player));

            var before = await LastSequenceAsync(survivors[0], path);
            var playedAtKill = await PlayerBrowser.CurrentTimeAsync(player);
            output.WriteLine($"owner {owner.Name}, last sequence {before}, hls.js at {playedAtKill:0.0} s; killing the owner");
            // Take-over time is counted from the moment the dead owner's lease lapses (seen in Redis; its TTL read just
            // before the kill is the fallback), split into: lapse → a survivor acquires → its reader opens → first segment.
            var leaseLeft = LeaseTimeToLive(redisClient, deviceId) ?? LeaseDuration;
            await using var timeline = new TakeOverTimeline(redisClient, deviceId, counter);
            timeline.Start();
            owner.Kill();
            await Poll.UntilAsync(() => counter.Current == 0, TimeSpan.FromSeconds(10), "the dead owner's reader is gone");
            long after = 0;
            await Poll.UntilAsync(async () => (after = await LastSequenceAsync(survivors[0], path) ?? 0) > (before ?? 0), TimeSpan.FromSeconds(30), "a survivor took over");
            timeline.MarkFirstSegment();
            var afterLapse = timeline.FirstSegment!.Value - (timeline.Lapsed ?? leaseLeft);
            output.WriteLine(FormattableString.Invariant(
                $"TAKE-OVER: {timeline.Describe()}; TTL before the kill {leaseLeft.TotalSeconds:0.00} s, lease {LeaseDuration.TotalSeconds:0} s, target <= 3 s after the lapse"));
            // Target 3 s; the bound leaves room for a loaded CI machine (the measured figure is in the README).
            Assert.True(afterLapse < TimeSpan.FromSeconds(8), $"take-over took {afterLapse} after the lease lapsed: {timeline.Describe()}");
            var playlist = await GetTextAsync(survivors[1], path.Replace("index.m3u8", "live.m3u8", StringComparison.Ordinal));
            Assert.Contains("#EXT-X-DISCONTINUITY", playlist, StringComparison.Ordinal);
            foreach (var survivor in survivors)
            {
                await PlayAsync(survivor, path, TimeSpan.FromSeconds(20));
            }

            await Poll.UntilAsync(async () => await PlayerBrowser.CurrentTimeAsync(player) >= playedAtKill + 4 || (await PlayerBrowser.ErrorsAsync(player)).Length > 0, TimeSpan.FromSeconds(45), "hls.js continues after the take-over");
            Assert.True((await PlayerBrowser.ErrorsAsync(player)).Length == 0, string.Join("; ", await PlayerBrowser.ErrorsAsync(player)) + " / recovered: " + string.Join("; ", await PlayerBrowser.RecoveredAsync(player)));
            output.WriteLine($"hls.js continued: {await PlayerBrowser.CurrentTimeAsync(player):0.0} s played; recovered errors: {string.Join("; ", await PlayerBrowser.RecoveredAsync(player))}");
            Assert.Equal(1, counter.Current);
            Assert.Equal(1, counter.Max);

            // Stop Redis: the survivors keep serving (the owner its session, the other by forwarding to it).
            var ownerNow = OwnerAddress(redisClient, deviceId);
            redis.Stop();
            foreach (var survivor in survivors)
            {
                await PlayAsync(survivor, path, TimeSpan.FromSeconds(20));
            }

            output.WriteLine($"served by both survivors while Redis was down (owner {ownerNow})");
            await redis.StartAgainAsync();
            var restarted = Stopwatch.StartNew();
            await Poll.UntilAsync(() => OwnerAddress(redisClient, deviceId) is not null, TimeSpan.FromSeconds(30), "the owner re-established its lease");
            output.WriteLine($"REDIS RESTART: the owner's lease and record were back {restarted.ElapsedMilliseconds} ms after redis-server accepted connections again");
            Assert.Equal(ownerNow, OwnerAddress(redisClient, deviceId));
            var settle = Stopwatch.StartNew();
            while (settle.Elapsed < LeaseDuration * 2)
            {
                foreach (var survivor in survivors)
                {
                    await PlayAsync(survivor, path, TimeSpan.FromSeconds(20));
                }
            }

            Assert.Equal(1, counter.Current);
            Assert.Equal(1, counter.Max);
            output.WriteLine($"readers opened in total: {counter.Total}, most at once: {counter.Max}");
        }
        catch
        {
            foreach (var replica in replicas)
            {
                output.WriteLine($"--- {replica.Name} log tail ---\n{replica.Log()}");
            }

            throw;
        }
    }

    private static Dictionary<string, string> Settings(PostgresServer postgres, RestartableRedis redis, ReaderCounter counter) => new(StringComparer.Ordinal)
    {
        ["SmartHomeCam:Port"] = "0",
        ["Google:ProjectId"] = "test-project",
        ["Google:ClientId"] = "google-home",
        ["OAuth:TokenRequestsPerMinute"] = "10000",
        ["OAuth:SignInAttemptsPerMinutePerIp"] = "10000",
        ["OAuth:SignInAttemptsPerAccount"] = "10000",
        // Replicas share every key: tokens made by one are accepted by all.
        ["OAuth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["OAuth:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["OAuth:Issuer"] = "https://scaleout.test/",
        ["Streaming:SigningKeys:0"] = "k1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Streaming:OwnerLeaseDuration"] = LeaseDuration.ToString("c", CultureInfo.InvariantCulture),
        ["Streaming:RestartDelayMin"] = "00:00:00.050",
        ["Streaming:RestartDelayMax"] = "00:00:00.500",
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = postgres.ConnectionString("scaleout"),
        ["Redis:Configuration"] = redis.Configuration,
        ["Cameras:Demo:Enabled"] = "false",
        ["ScaleOutTest:CounterPort"] = counter.Port.ToString(CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    private static string? OwnerAddress(ConnectionMultiplexer redis, string deviceId)
    {
        try
        {
            var value = (string?)redis.GetDatabase().StringGet("shc:stream-owner:" + deviceId);
            return value?.Split(' ') is [_, _, var address] ? address : null;
        }
        catch (RedisException)
        {
            return null;
        }
    }

    private static TimeSpan? LeaseTimeToLive(ConnectionMultiplexer redis, string deviceId)
    {
        try
        {
            return redis.GetDatabase().KeyTimeToLive("shc:lease:{capture:" + deviceId + "}");
        }
        catch (RedisException)
        {
            return null;
        }
    }

    /// <summary>A player's round: multivariant → media playlist → its newest segment (an MPEG-TS); retries 503s.</summary>
    private static async Task<string> PlayAsync(ReplicaProcess replica, string path, TimeSpan within)
    {
        using var http = replica.CreateClient();
        var deadline = Stopwatch.StartNew();
        string last = "";
        while (deadline.Elapsed < within)
        {
            using var master = await http.GetAsync(new Uri(path, UriKind.Relative));
            using var live = master.IsSuccessStatusCode ? await http.GetAsync(new Uri(path.Replace("index.m3u8", "live.m3u8", StringComparison.Ordinal), UriKind.Relative)) : null;
            var segment = live is { IsSuccessStatusCode: true }
                ? (await live.Content.ReadAsStringAsync()).Split('\n').LastOrDefault(l => l.EndsWith(".ts", StringComparison.Ordinal))
                : null;
            if (segment is not null)
            {
                var bytes = await http.GetByteArrayAsync(new Uri(path.Replace("index.m3u8", segment, StringComparison.Ordinal), UriKind.Relative));
                Assert.True(bytes.Length > 188 && bytes[0] == 0x47 && bytes[188] == 0x47, $"{segment} from {replica.Name} is not MPEG-TS");
                return segment;
            }

            last = $"{(int)master.StatusCode}/{(int?)live?.StatusCode}";
            await Task.Delay(200);
        }

        throw new TimeoutException($"{replica.Name} did not serve {path} within {within} (last: {last})");
    }

    private static async Task<long?> LastSequenceAsync(ReplicaProcess replica, string path)
    {
        using var http = replica.CreateClient();
        using var live = await http.GetAsync(new Uri(path.Replace("index.m3u8", "live.m3u8", StringComparison.Ordinal), UriKind.Relative));
        if (live.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        var segment = (await live.Content.ReadAsStringAsync()).Split('\n').LastOrDefault(l => l.EndsWith(".ts", StringComparison.Ordinal));
        return segment is null ? null : long.Parse(segment["seg".Length..^".ts".Length], CultureInfo.InvariantCulture);
    }

    private static async Task<string> GetTextAsync(ReplicaProcess replica, string path)
    {
        using var http = replica.CreateClient();
        return Encoding.UTF8.GetString(await http.GetByteArrayAsync(new Uri(path, UriKind.Relative)));
    }
}
