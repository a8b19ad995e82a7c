using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmartHomeCam.Cameras.Events;
using SmartHomeCam.Data;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Cameras.Tests;

/// <summary>The real server with the switchable provider, a recording event consumer, fast event polling and one linked account.</summary>
public sealed class CameraTestServer : IAsyncDisposable
{
    private CameraTestServer(ServerInstance server, string email, string userId, FulfillmentClient client, SwitchableCameraProvider provider, RecordingSubscriber subscriber)
    {
        Server = server;
        Email = email;
        UserId = userId;
        Client = client;
        Provider = provider;
        Subscriber = subscriber;
    }

    public ServerInstance Server { get; }

    public string Email { get; }

    public string UserId { get; }

    public FulfillmentClient Client { get; }

    public SwitchableCameraProvider Provider { get; }

    public RecordingSubscriber Subscriber { get; }

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Cameras:Events:PollInterval"] = "00:00:00.050",
        ["Cameras:ProviderStartRetryMin"] = "00:00:00.050",
        ["Cameras:ProviderStartRetryMax"] = "00:00:00.200",
    };

    public static async Task<CameraTestServer> StartAsync(
        SwitchableCameraProvider? provider = null, RecordingSubscriber? subscriber = null, string? dataDirectory = null, string? email = null,
        IDictionary<string, string?>? settings = null)
    {
        provider ??= new SwitchableCameraProvider();
        subscriber ??= new RecordingSubscriber();
        var server = await ServerInstance.StartAsync(settings ?? Settings(), dataDirectory, services: s =>
        {
            s.AddSingleton<ICameraProvider>(provider);
            s.AddSingleton<ICameraEventSubscriber>(subscriber);
        });
        if (email is null)
        {
            email = await TestAccounts.CreateAsync(server);
        }

        var client = await FulfillmentClient.LinkAsync(server, email);
        return new CameraTestServer(server, email, await UserIdAsync(server, email), client, provider, subscriber);
    }

    public static async Task<string> UserIdAsync(ServerInstance server, string email)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return user!.Id;
    }

    public T Get<T>()
        where T : notnull => Server.Services.GetRequiredService<T>();

    /// <summary>The CLI of the same binary against this server's data directory (as a second process would).</summary>
    public async Task<(int Code, string Output, string Error)> CliAsync(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await SmartHomeCam.Server.Cli.CommandLine.RunAsync(
            [.. args, "--email", Email, "--SmartHomeCam:DataDirectory", Server.DataDirectory, "--Cameras:Demo:Enabled", "true"],
            new StringReader(input), output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Camera name → (id, online) from a real SYNC and QUERY over HTTP.</summary>
    public async Task<Dictionary<string, (string Id, bool Online, string? Room)>> GoogleViewAsync()
    {
        var (_, sync) = await Client.PostAsync(FulfillmentClient.Sync());
        using var syncJson = System.Text.Json.JsonDocument.Parse(sync);
        var devices = syncJson.RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .Select(d => (Name: d.GetProperty("name").GetProperty("name").GetString()!, Id: d.GetProperty("id").GetString()!,
                Room: d.TryGetProperty("roomHint", out var r) ? r.GetString() : null)).ToList();
        var (_, query) = await Client.PostAsync(FulfillmentClient.Query([.. devices.Select(d => d.Id)]));
        using var queryJson = System.Text.Json.JsonDocument.Parse(query);
        var states = queryJson.RootElement.GetProperty("payload").GetProperty("devices");
        return devices.ToDictionary(d => d.Name, d => (d.Id, states.GetProperty(d.Id).GetProperty("online").GetBoolean(), d.Room));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
