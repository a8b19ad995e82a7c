using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SmartHomeCam.Cameras.Http;
using SmartHomeCam.Fakes.HomeGraph;
using SmartHomeCam.HomeGraph.Client;

namespace SmartHomeCam.HomeGraph.Tests;

/// <summary>The client against the stateful fake: the service-account assertion, token caching and refresh, every method's shape.</summary>
public sealed class ClientAgainstFakeTests : IAsyncLifetime
{
    private FakeHomeGraph fake = null!;

    public async Task InitializeAsync() => fake = await FakeHomeGraph.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task The_assertion_is_accepted_and_the_token_is_cached_across_calls()
    {
        using var fixture = new ClientFixture(fake.BaseAddress, fake.ServiceAccountKeyJson);

        await fixture.Client.Devices.ReportStateAndNotification(ClientFixture.Report("agent-1", "cam-1", true)).ExecuteAsync();
        await fixture.Client.Devices.ReportStateAndNotification(ClientFixture.Report("agent-1", "cam-2", false)).ExecuteAsync();

        Assert.Empty(fake.RefusedAssertions);
        Assert.Equal(1, fake.TokensIssued);
        Assert.True(fake.StateOf("agent-1", "cam-1")!["online"]!.GetValue<bool>());
        Assert.False(fake.StateOf("agent-1", "cam-2")!["online"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_401_refreshes_the_token_once_and_the_call_succeeds()
    {
        using var fixture = new ClientFixture(fake.BaseAddress, fake.ServiceAccountKeyJson);
        await fixture.Client.Devices.RequestSync(new RequestSyncDevicesRequest { AgentUserId = "agent-1", Async__ = true }).ExecuteAsync();
        fake.ExpireTokens();

        await fixture.Client.Devices.RequestSync(new RequestSyncDevicesRequest { AgentUserId = "agent-1", Async__ = true }).ExecuteAsync();

        Assert.Equal(2, fake.TokensIssued);
        Assert.Equal(2, fake.Succeeded(HomeGraphMethods.RequestSync, "agent-1").Count);
        Assert.True(fake.Succeeded(HomeGraphMethods.RequestSync)[0].Body!["async"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_key_the_fake_did_not_issue_is_refused_at_the_token_endpoint()
    {
        using var other = RSA.Create(2048);
        var forged = JsonNode.Parse(fake.ServiceAccountKeyJson)!.AsObject();
        forged["private_key"] = other.ExportPkcs8PrivateKeyPem();
        using var fixture = new ClientFixture(fake.BaseAddress, forged.ToJsonString());

        await Assert.ThrowsAnyAsync<Exception>(() =>
            fixture.Client.Devices.ReportStateAndNotification(ClientFixture.Report("agent-1", "cam-1", true)).ExecuteAsync());

        Assert.Contains("bad signature", fake.RefusedAssertions);
        Assert.DoesNotContain(fake.Calls, c => c.Method != HomeGraphMethods.Token);
    }

    [Fact]
    public async Task Query_and_sync_read_back_the_reported_state_and_delete_forgets_the_agent()
    {
        using var fixture = new ClientFixture(fake.BaseAddress, fake.ServiceAccountKeyJson);
        await fixture.Client.Devices.ReportStateAndNotification(ClientFixture.Report("agent-2", "cam-9", false)).ExecuteAsync();

        var query = await fixture.Client.Devices.Query(new QueryRequest
        {
            RequestId = "q-1",
            AgentUserId = "agent-2",
            Inputs = [new QueryRequestInput { Payload = new QueryRequestPayload { Devices = [new AgentDeviceId { Id = "cam-9" }] } }],
        }).ExecuteAsync();
        var sync = await fixture.Client.Devices.Sync(new SyncRequest { RequestId = "s-1", AgentUserId = "agent-2" }).ExecuteAsync();
        var delete = fixture.Client.AgentUsers.Delete("agentUsers/agent-2");
        delete.RequestId = "d-1";
        await delete.ExecuteAsync();
        var after = await Assert.ThrowsAsync<HomeGraphApiException>(() =>
            fixture.Client.Devices.ReportStateAndNotification(ClientFixture.Report("agent-2", "cam-9", true)).ExecuteAsync());

        Assert.False(query.Payload!.Devices!["cam-9"]!["online"]!.GetValue<bool>());
        Assert.Equal("agent-2", sync.Payload!.AgentUserId);
        Assert.Single(fake.Succeeded(HomeGraphMethods.DeleteAgentUser, "agent-2"));
        Assert.True(after.IsAgentUserUnknown);
        Assert.Throws<ArgumentException>(() => fixture.Client.AgentUsers.Delete("agent-2"));
    }

    [Fact]
    public async Task A_state_with_status_is_refused_by_the_fake_as_Google_does()
    {
        using var fixture = new ClientFixture(fake.BaseAddress, fake.ServiceAccountKeyJson);
        var bad = ClientFixture.Report("agent-3", "cam-1", true);
        bad.Payload.Devices.States!["cam-1"]!["status"] = "SUCCESS";

        var error = await Assert.ThrowsAsync<HomeGraphApiException>(() => fixture.Client.Devices.ReportStateAndNotification(bad).ExecuteAsync());

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public void Keys_without_the_needed_fields_are_refused_with_a_message_naming_no_secret()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ServiceAccountKey.Parse("""{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----abc"}"""));
        Assert.DoesNotContain("abc", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ServiceAccountKey.Parse("not json"));
        Assert.Throws<InvalidOperationException>(() => ServiceAccountKey.Parse("""{"type":"authorized_user","client_email":"a","private_key":"b"}"""));
        Assert.Equal(ServiceAccountKey.DefaultTokenUri, ServiceAccountKey.Parse("""{"client_email":"a@b","private_key":"k"}""").TokenUri);
    }
}
