using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartHomeCam.HomeGraph;
using SmartHomeCam.HomeGraph.Client;

namespace SmartHomeCam.HomeGraph.Tests;

/// <summary>The HomeGraph client wired as the server wires it (named HttpClient + tuned resilience), against any base URL.</summary>
internal sealed class ClientFixture : IDisposable
{
    private readonly ServiceProvider services;

    public ClientFixture(Uri baseUrl, string keyJson, Action<HomeGraphOptions>? tweak = null)
    {
        var options = new HomeGraphOptions
        {
            ServiceAccountKeyJson = keyJson,
            BaseUrl = baseUrl,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetries = 3,
        };
        tweak?.Invoke(options);
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(Options.Create(options));
        collection.AddSingleton<HomeGraphCredential>();
        collection.AddSingleton<HomeGraphService>();
        collection.AddHttpClient(HomeGraphService.HttpClientName).AddHomeGraphResilience(options);
        services = collection.BuildServiceProvider();
        Client = services.GetRequiredService<HomeGraphService>();
    }

    public HomeGraphService Client { get; }

    public static ReportStateAndNotificationRequest Report(string agentUserId, string deviceId, bool online) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        AgentUserId = agentUserId,
        Payload = new StateAndNotificationPayload
        {
            Devices = new ReportStateAndNotificationDevice { States = new System.Text.Json.Nodes.JsonObject { [deviceId] = new System.Text.Json.Nodes.JsonObject { ["online"] = online } } },
        },
    };

    public void Dispose() => services.Dispose();
}
