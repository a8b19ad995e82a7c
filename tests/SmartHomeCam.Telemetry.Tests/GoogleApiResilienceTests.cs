using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SmartHomeCam.Telemetry.Tests;

/// <summary>
/// <see cref="GoogleApiResilience"/> against a stubbed Google endpoint (WireMock.Net): transient answers are retried,
/// Retry-After sets the wait, other 4xx are final.
/// </summary>
public sealed class GoogleApiResilienceTests : IDisposable
{
    private const string Path = "/v1/devices:reportStateAndNotification";
    private readonly WireMockServer google = WireMockServer.Start();

    public void Dispose() => google.Stop();

    [Fact]
    public async Task A_503_then_a_200_is_one_success()
    {
        StubSequence("flaky", Response.Create().WithStatusCode(503), Response.Create().WithStatusCode(200).WithBody("{}"));
        using var services = Client(out var http);

        using var response = await http.PostAsync(new Uri(Path, UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, google.LogEntries.Count);
    }

    [Fact]
    public async Task Retry_after_sets_the_wait_before_the_next_attempt()
    {
        StubSequence("throttled", Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2"), Response.Create().WithStatusCode(200));
        using var services = Client(out var http);

        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync(new Uri(Path, UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The configured back-off is 10 ms; only the header explains waiting two seconds.
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(20));
        var attempts = google.LogEntries.Select(e => e.RequestMessage.DateTime).Order().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromSeconds(1.9));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    public async Task A_client_error_other_than_429_is_not_retried(int status)
    {
        google.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(Response.Create().WithStatusCode(status));
        using var services = Client(out var http);

        using var response = await http.PostAsync(new Uri(Path, UriKind.Relative), new StringContent("{}"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Single(google.LogEntries);
    }

    [Fact]
    public async Task Persistent_5xx_gives_up_after_the_configured_attempts()
    {
        google.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(Response.Create().WithStatusCode(500));
        using var services = Client(out var http);

        using var response = await http.PostAsync(new Uri(Path, UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(4, google.LogEntries.Count); // the first attempt and three retries
    }

    /// <summary>Answers each request with the next response, the last one for good.</summary>
    private void StubSequence(string scenario, params IResponseBuilder[] responses)
    {
        for (var i = 0; i < responses.Length; i++)
        {
            var stub = google.Given(Request.Create().WithPath(Path).UsingPost()).InScenario(scenario);
            stub = i == 0 ? stub : stub.WhenStateIs($"step-{i}");
            if (i < responses.Length - 1)
            {
                stub = stub.WillSetStateTo($"step-{i + 1}");
            }

            stub.RespondWith(responses[i]);
        }
    }

    /// <summary>A typed client as HomeGraph/SDM register theirs, with the back-off shortened so only Retry-After is slow.</summary>
    private ServiceProvider Client(out HttpClient http)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("google", c => c.BaseAddress = new Uri(google.Url!))
            .AddGoogleApiResilience(o =>
            {
                o.Retry.Delay = TimeSpan.FromMilliseconds(10);
                o.Retry.UseJitter = false;
                // Generous timeouts: on a loaded machine a slow first answer must not count as an extra attempt.
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(60);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(180);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(150);
            });
        var provider = services.BuildServiceProvider();
        http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("google");
        return provider;
    }
}
