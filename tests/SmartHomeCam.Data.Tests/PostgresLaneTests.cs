using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Data.Tests;

/// <summary>The operator's database: the same server code on a real PostgreSQL instead of SQLite.</summary>
public sealed class PostgresLaneTests : IAsyncLifetime
{
    private PostgresServer postgres = null!;

    public async Task InitializeAsync() => postgres = await PostgresServer.StartAsync();

    public Task DisposeAsync()
    {
        postgres.Dispose();
        return Task.CompletedTask;
    }

    private Dictionary<string, string?> Settings(string database) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = postgres.ConnectionString(database),
    };

    [Fact]
    public async Task Linking_replay_revocation_and_concurrent_redemption_hold_on_postgres()
    {
        await using var server = await ServerInstance.StartAsync(Settings("shc_linking"));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ProviderName);
        }

        var email = await TestAccounts.CreateAsync(server);
        using var flow = new LinkingFlow(server);

        var (access, refresh) = await flow.LinkAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await flow.WhoAmIAsync(access)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await flow.RefreshAsync(refresh)).StatusCode);

        var code = await flow.GetCodeAsync(email);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => flow.ExchangeAsync(code)));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));

        var winner = results.Single(r => r.StatusCode == HttpStatusCode.OK);
        var token = JsonDocument.Parse(await winner.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        // The losers were replays: every token of that code is revoked.
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.WhoAmIAsync(token)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await flow.RevokeAsync(refresh)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await flow.WhoAmIAsync(access)).StatusCode);
    }

    [Fact]
    public async Task Device_ids_persist_across_restarts_on_postgres()
    {
        Dictionary<string, string> before;
        string email;
        await using (var first = await FulfillmentServer.StartAsync(Settings("shc_devices")))
        {
            email = first.Email;
            before = await first.DeviceIdsAsync();
        }

        await using var second = await ServerInstance.StartAsync(Settings("shc_devices"));
        using var client = await FulfillmentClient.LinkAsync(second, email);
        var (_, sync) = await client.PostAsync(FulfillmentClient.Sync());
        var after = JsonDocument.Parse(sync).RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .ToDictionary(d => d.GetProperty("name").GetProperty("name").GetString()!, d => d.GetProperty("id").GetString()!);
        Assert.Equal(before["Demo camera"], after["Demo camera"]);
    }
}
