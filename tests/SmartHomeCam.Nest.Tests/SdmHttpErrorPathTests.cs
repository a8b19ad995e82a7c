using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SmartHomeCam.Nest.Tests;

/// <summary>
/// Pure request→response error paths of the SDM client against WireMock: the resilience pipeline retries 5xx and
/// 429 (honouring Retry-After), never other 4xx; a 401 refreshes the access token once.
/// </summary>
public sealed class SdmHttpErrorPathTests : IDisposable
{
    private const string Devices = "/v1/enterprises/p1/devices";
    private const string DeviceList = """{"devices":[{"name":"enterprises/p1/devices/d1","type":"sdm.devices.types.CAMERA","traits":{"sdm.devices.traits.CameraLiveStream":{"supportedProtocols":["RTSP"]}}}]}""";
    private readonly WireMockServer mock = WireMockServer.Start();
    private readonly ServiceProvider services;

    public SdmHttpErrorPathTests()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Nest:ProjectId"] = "p1",
            ["Nest:ClientId"] = "c",
            ["Nest:ClientSecret"] = "s",
            ["Nest:TokenUrl"] = mock.Urls[0] + "/token",
            ["Nest:ApiBaseUrl"] = mock.Urls[0] + "/v1/",
            ["Nest:RetryBaseDelay"] = "00:00:00.050",
            ["Nest:MaxRetryDelay"] = "00:00:05",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSmartHomeCamNest(config.GetSection("Nest"));
        services = collection.BuildServiceProvider();
        Token("at-1", state: null, next: "second");
        Token("at-2", state: "second", next: "third");
    }

    private SdmApiClient Api => services.GetRequiredService<SdmApiClient>();

    [Fact]
    public async Task A_401_refreshes_the_access_token_once_and_repeats_the_call()
    {
        mock.Given(Request.Create().WithPath(Devices).UsingGet().WithHeader("Authorization", "Bearer at-1"))
            .RespondWith(Response.Create().WithStatusCode(401).WithBody("""{"error":{"code":401,"status":"UNAUTHENTICATED","message":"expired"}}"""));
        mock.Given(Request.Create().WithPath(Devices).UsingGet().WithHeader("Authorization", "Bearer at-2"))
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(DeviceList));
        var devices = await Api.ListDevicesAsync("rt", CancellationToken.None);
        Assert.Equal("d1", Assert.Single(devices).DeviceId);
        Assert.Equal(2, Calls("/token"));
        Assert.Equal(2, Calls(Devices));
    }

    [Fact]
    public async Task A_second_401_is_a_real_refusal()
    {
        mock.Given(Request.Create().WithPath(Devices).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(401).WithBody("""{"error":{"code":401,"status":"UNAUTHENTICATED","message":"revoked"}}"""));
        var e = await Assert.ThrowsAsync<SdmApiException>(() => Api.ListDevicesAsync("rt", CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal(2, Calls(Devices));
    }

    [Fact]
    public async Task A_429_is_retried_after_its_retry_after()
    {
        mock.Given(Request.Create().WithPath(Devices).UsingGet()).InScenario("quota").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBody("""{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"quota"}}"""));
        mock.Given(Request.Create().WithPath(Devices).UsingGet()).InScenario("quota").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(DeviceList));
        var watch = Stopwatch.StartNew();
        Assert.Single(await Api.ListDevicesAsync("rt", CancellationToken.None));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(2, Calls(Devices));
    }

    [Fact]
    public async Task A_429_asking_for_longer_than_we_wait_fails_at_once_so_the_caller_backs_off()
    {
        mock.Given(Request.Create().WithPath(Devices).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "120").WithBody("""{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"quota"}}"""));
        var e = await Assert.ThrowsAsync<SdmApiException>(() => Api.ListDevicesAsync("rt", CancellationToken.None));
        Assert.Equal((HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(120)), (e.StatusCode, e.RetryAfter));
        Assert.Equal(1, Calls(Devices));
    }

    [Fact]
    public async Task Server_errors_are_retried_until_one_succeeds()
    {
        mock.Given(Request.Create().WithPath(Devices).UsingGet()).InScenario("outage").WillSetStateTo("502")
            .RespondWith(Response.Create().WithStatusCode(503));
        mock.Given(Request.Create().WithPath(Devices).UsingGet()).InScenario("outage").WhenStateIs("502").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(502));
        mock.Given(Request.Create().WithPath(Devices).UsingGet()).InScenario("outage").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(DeviceList));
        Assert.Single(await Api.ListDevicesAsync("rt", CancellationToken.None));
        Assert.Equal(3, Calls(Devices));
    }

    [Fact]
    public async Task Other_client_errors_are_answers_and_never_retried()
    {
        mock.Given(Request.Create().WithPath(Devices).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(403).WithBody("""{"error":{"code":403,"status":"PERMISSION_DENIED","message":"The caller does not have permission"}}"""));
        var e = await Assert.ThrowsAsync<SdmApiException>(() => Api.ListDevicesAsync("rt", CancellationToken.None));
        Assert.Equal(("PERMISSION_DENIED", false), (e.Status, e.IsOutage));
        Assert.Contains("The caller does not have permission", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, Calls(Devices));
    }

    [Fact]
    public async Task A_refused_refresh_token_is_reported_with_the_oauth_error()
    {
        mock.Reset();
        mock.Given(Request.Create().WithPath("/token").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithBody("""{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"""));
        var e = await Assert.ThrowsAsync<SdmApiException>(() => Api.ListDevicesAsync("rt", CancellationToken.None));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (e.StatusCode, e.Status));
        Assert.Equal(1, Calls("/token"));
    }

    public void Dispose()
    {
        services.Dispose();
        mock.Stop();
        mock.Dispose();
    }

    private void Token(string access, string? state, string next)
    {
        var request = mock.Given(Request.Create().WithPath("/token").UsingPost()).InScenario("tokens");
        var staged = state is null ? request.WillSetStateTo(next) : request.WhenStateIs(state).WillSetStateTo(next);
        staged.RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"access_token":"{{access}}","expires_in":3600,"token_type":"Bearer"}"""));
    }

    private int Calls(string path) => mock.LogEntries.Count(e => e.RequestMessage.Path == path);
}
