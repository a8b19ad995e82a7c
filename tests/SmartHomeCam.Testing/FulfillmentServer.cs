using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras;

namespace SmartHomeCam.Testing;

/// <summary>A server with the demo cameras and the test provider (offline and failing cameras), and a linked account.</summary>
public sealed class FulfillmentServer : IAsyncDisposable
{
    private FulfillmentServer(ServerInstance server, string email, FulfillmentClient client)
    {
        Server = server;
        Email = email;
        Client = client;
    }

    public ServerInstance Server { get; }

    public string Email { get; }

    public FulfillmentClient Client { get; }

    public static async Task<FulfillmentServer> StartAsync(
        IDictionary<string, string?>? overrides = null, string? dataDirectory = null, Action<IServiceCollection>? services = null)
    {
        var server = await ServerInstance.StartAsync(overrides, dataDirectory, services: s =>
        {
            s.AddSingleton<ICameraProvider, TestCameraProvider>();
            services?.Invoke(s);
        }).ConfigureAwait(false);
        var email = await TestAccounts.CreateAsync(server).ConfigureAwait(false);
        return new FulfillmentServer(server, email, await FulfillmentClient.LinkAsync(server, email).ConfigureAwait(false));
    }

    /// <summary>Device ids by camera name, from a real SYNC.</summary>
    public async Task<Dictionary<string, string>> DeviceIdsAsync()
    {
        var (_, body) = await Client.PostAsync(FulfillmentClient.Sync()).ConfigureAwait(false);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .ToDictionary(d => d.GetProperty("name").GetProperty("name").GetString()!, d => d.GetProperty("id").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync().ConfigureAwait(false);
    }
}
