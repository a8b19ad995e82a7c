using System.Net;
using SmartHomeCam.Fakes.HomeGraph;
using SmartHomeCam.HomeGraph.Client;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SmartHomeCam.HomeGraph.Tests;

/// <summary>The tuned resilience pipeline against a stub HomeGraph (WireMock): what is retried, how long it waits.</summary>
public sealed class ClientResilienceTests : IAsyncLifetime
{
    private const string ReportPath = "/v1/devices:reportStateAndNotification";
    private FakeHomeGraph tokens = null!;
    private WireMockServer stub = null!;

    public async Task InitializeAsync()
    {
        tokens = await FakeHomeGraph.StartAsync(); // the token endpoint; HomeGraph itself is the stub
        stub = WireMockServer.Start();
    }

    public async Task DisposeAsync()
    {
        stub.Stop();
        stub.Dispose();
        await tokens.DisposeAsync();
    }

    [Fact]
    public async Task A_503_with_Retry_After_is_retried_after_that_delay_and_succeeds_once()
    {
        stub.Given(Request.Create().WithPath(ReportPath).UsingPost()).InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "1")
                .WithBody("""{"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}}"""));
        stub.Given(Request.Create().WithPath(ReportPath).UsingPost()).InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"requestId":"r-1"}"""));
        using var fixture = new ClientFixture(new Uri(stub.Urls[0]), tokens.ServiceAccountKeyJson);

        var answer = await fixture.Client.Devices.ReportStateAndNotification(ClientFixture.Report("agent-1", "cam-1", false)).ExecuteAsync();

        Assert.Equal("r-1", answer.RequestId);
        var calls = stub.LogEntries.Where(e => e.RequestMessage.Path == ReportPath).OrderBy(e => e.RequestMessage.DateTime).ToList();
        Assert.Equal(2, calls.Count);
        // The back-off alone is 20 ms: a gap of about a second can only come from Retry-After.
        var gap = calls[1].RequestMessage.DateTime - calls[0].RequestMessage.DateTime;
        Assert.True(gap >= TimeSpan.FromMilliseconds(900), $"retried after {gap.TotalMilliseconds} ms");
        Assert.StartsWith("Bearer ya29.fake-", calls[1].RequestMessage.Headers!["Authorization"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_400_is_not_retried()
    {
        stub.Given(Request.Create().WithPath(ReportPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithBody("""{"error":{"code":400,"message":"Invalid value","status":"INVALID_ARGUMENT"}}"""));
        using var fixture = new ClientFixture(new Uri(stub.Urls[0]), tokens.ServiceAccountKeyJson);

        var error = await Assert.ThrowsAsync<HomeGraphApiException>(() =>
            fixture.Client.Devices.ReportStateAndNotification(ClientFixture.Report("agent-1", "cam-1", true)).ExecuteAsync());

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", error.Status);
        await Task.Delay(200); // a retry would have come after ~20 ms
        Assert.Single(stub.LogEntries, e => e.RequestMessage.Path == ReportPath);
    }

    [Fact]
    public async Task Repeated_429s_are_retried_within_the_bound_then_reported()
    {
        stub.Given(Request.Create().WithPath("/v1/devices:requestSync").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithBody("""{"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED"}}"""));
        using var fixture = new ClientFixture(new Uri(stub.Urls[0]), tokens.ServiceAccountKeyJson, o => o.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<HomeGraphApiException>(() =>
            fixture.Client.Devices.RequestSync(new RequestSyncDevicesRequest { AgentUserId = "agent-1", Async__ = true }).ExecuteAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(3, stub.LogEntries.Count(e => e.RequestMessage.Path == "/v1/devices:requestSync"));
    }
}
