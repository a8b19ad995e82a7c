using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;
using SmartHomeCam.Fakes.HomeGraph;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// 1,000 accounts × 4 cameras flapping online/offline at random (each camera every ~10 s on average) through the
/// real reporter and worker, against the fake HomeGraph: HomeGraph calls per minute next to the baseline of one call
/// per event (no batching, no coalescing) and Google's quota of 6,000 requests per minute per integration.
/// </summary>
public static class HomeGraphQuotaBenchmark
{
    private const int Accounts = 1_000;
    private const int CamerasPerAccount = 4;
    private const int GoogleQuotaPerMinute = 6_000;

    public static async Task RunAsync(Report report, int seconds)
    {
        seconds = seconds > 0 ? seconds : 30;
        await using var fake = await FakeHomeGraph.StartAsync();
        await using var server = await ServerInstance.StartAsync(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["HomeGraph:ServiceAccountKeyJson"] = fake.ServiceAccountKeyJson,
                ["HomeGraph:BaseUrl"] = fake.BaseAddress.ToString(),
            },
            minimumLevel: LogLevel.Warning);
        await SeedAsync(server);
        var reporter = server.Services.GetServices<ICameraEventSubscriber>().Single(s => s.GetType().Name == "HomeGraphReporter");
        var random = new Random(12);
        var online = new bool[Accounts * CamerasPerAccount];
        Array.Fill(online, true);
        fake.ClearCalls();
        long events = 0;
        var clock = Stopwatch.StartNew();
        var tick = TimeSpan.FromMilliseconds(100);
        // Each camera flips with probability tick/10 s per tick: ~400 events a second overall.
        var flipsPerTick = online.Length * tick.TotalSeconds / 10.0;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var due = clock.Elapsed + tick;
            var flips = (int)flipsPerTick + (random.NextDouble() < flipsPerTick % 1 ? 1 : 0);
            var changed = new List<int>(flips);
            for (var i = 0; i < flips; i++)
            {
                var camera = random.Next(online.Length);
                online[camera] = !online[camera];
                changed.Add(camera);
            }

            await ApplyAsync(server, reporter, changed, online);
            events += changed.Count;
            var rest = due - clock.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }

        var elapsedMinutes = clock.Elapsed.TotalMinutes;
        var calls = fake.Calls.Count(c => c.Method == HomeGraphMethods.ReportState);
        var ok = fake.Calls.Count(c => c.Method == HomeGraphMethods.ReportState && c.Status == 200);
        var ours = calls / elapsedMinutes;
        var naive = events / elapsedMinutes;
        report.Section("HomeGraph calls under flapping cameras",
            $"{Accounts:N0} accounts × {CamerasPerAccount} cameras, each flipping online/offline every ~10 s at random, {seconds} s, real reporter + worker against the fake HomeGraph on loopback.");
        report.Table(
            ["variant", "events/min", "HomeGraph calls/min", "vs one call per event", "vs Google quota (6,000/min)"],
            [
                ["one call per event (baseline)", F(naive), F(naive), "1.00", R(naive / GoogleQuotaPerMinute)],
                ["batched per account + coalesced + quota limiter (ours)", F(naive), F(ours), R(ours / naive), R(ours / GoogleQuotaPerMinute)],
            ]);
        report.Line($"\n{ok:N0} of {calls:N0} calls succeeded; every call carried the full state of each changed device of one account.");
    }

    private static async Task SeedAsync(ServerInstance server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTimeOffset.UtcNow;
        for (var a = 0; a < Accounts; a++)
        {
            db.HomeGraphAccounts.Add(new HomeGraphAccount { UserId = User(a), AgentUserId = "agent-" + a.ToString(CultureInfo.InvariantCulture) });
            for (var c = 0; c < CamerasPerAccount; c++)
            {
                db.KnownCameras.Add(new KnownCamera
                {
                    DeviceId = Device(a, c), UserId = User(a), ProviderId = "demo", ProviderCameraId = "bench-" + c.ToString(CultureInfo.InvariantCulture),
                    ProviderName = "Bench camera", Online = true, FirstSeenAt = now, LastSeenAt = now,
                });
            }
        }

        await db.SaveChangesAsync();
    }

    /// <summary>What a provider's listing does: the new state is stored, then the event goes to the subscribers.</summary>
    private static async Task ApplyAsync(ServerInstance server, ICameraEventSubscriber reporter, List<int> changed, bool[] online)
    {
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var group in changed.Distinct().GroupBy(i => online[i]))
            {
                var ids = group.Select(i => Device(i / CamerasPerAccount, i % CamerasPerAccount)).ToList();
                await db.KnownCameras.Where(k => ids.Contains(k.DeviceId)).ExecuteUpdateAsync(s => s.SetProperty(k => k.Online, group.Key));
            }
        }

        foreach (var i in changed)
        {
            var (a, c) = (i / CamerasPerAccount, i % CamerasPerAccount);
            var kind = online[i] ? CameraEventKind.Online : CameraEventKind.Offline;
            await reporter.HandleAsync(new CameraEvent(Guid.NewGuid().ToString("N"), User(a), "demo", "bench-" + c.ToString(CultureInfo.InvariantCulture), kind, DateTimeOffset.UtcNow)
            {
                DeviceId = Device(a, c),
            }, CancellationToken.None);
        }
    }

    private static string User(int a) => "bench-user-" + a.ToString(CultureInfo.InvariantCulture);

    private static string Device(int a, int c) => $"cam-bench-{a}-{c}";

    private static string F(double v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static string R(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
}
