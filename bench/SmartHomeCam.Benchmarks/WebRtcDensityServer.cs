using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartHomeCam.Cameras.Connections;
using SmartHomeCam.Data;
using SmartHomeCam.Rtsp.Cameras;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// The measured process of <c>bench/run webrtc-density</c> on our side: the product server (production composition
/// root, Release) with WebRTC on, one account linked the way Google links, and one RTSP camera added as a provider
/// connection; its capture session is started (HLS EXECUTE → first segment) and kept (no idle stop) so "0 viewers"
/// means the camera flowing. Prints <c>READY baseUrl accessToken deviceId</c>; setup is over before anything is
/// measured, and the process ends when its stdin closes.
/// </summary>
public static class WebRtcDensityServer
{
    public const string CameraName = "Density camera";

    public static async Task<int> RunAsync(string rtspUrl, string listenAddress, int maxPeers)
    {
        var peers = maxPeers.ToString(CultureInfo.InvariantCulture);
        await using var server = await ServerInstance.StartAsync(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Cameras:Demo:Enabled"] = "false",
                ["WebRtc:Enabled"] = "true",
                ["WebRtc:ListenAddress"] = listenAddress,
                ["WebRtc:Port"] = "0",
                ["WebRtc:TcpPort"] = "-1",
                ["WebRtc:MaxPeers"] = peers,
                ["WebRtc:MaxPeersPerAccount"] = peers,
                ["Streaming:IdleTimeout"] = "01:00:00",
            },
            minimumLevel: LogLevel.Warning);
        var email = await TestAccounts.CreateAsync(server);
        using var google = await FulfillmentClient.LinkAsync(server, email);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
            var fields = new Dictionary<string, string> { [RtspCameraProvider.UrlField] = rtspUrl, [RtspCameraProvider.TransportField] = "tcp" };
            await server.Services.GetRequiredService<ConnectionManager>()
                .AddAsync(user!.Id, RtspCameraProvider.ProviderId, new ConnectionRequest(CameraName, fields, null), CancellationToken.None);
        }

        var (_, sync) = await google.PostAsync(FulfillmentClient.Sync());
        var device = JsonDocument.Parse(sync).RootElement.GetProperty("payload").GetProperty("devices").EnumerateArray()
            .First(d => d.GetProperty("name").GetProperty("name").GetString() == CameraName).GetProperty("id").GetString()!;

        // Start the camera's capture session as an HLS viewer would, and wait for its first segment.
        var (_, execute) = await google.PostAsync(FulfillmentClient.Execute(device));
        var url = new Uri(server.BaseAddress, JsonDocument.Parse(execute).RootElement.GetProperty("payload").GetProperty("commands")[0]
            .GetProperty("states").GetProperty("cameraStreamAccessUrl").GetString()!);
        using var http = server.CreateClient();
        await Poll.UntilAsync(async () =>
        {
            using var master = await http.GetAsync(url);
            if (!master.IsSuccessStatusCode)
            {
                return false;
            }

            var media = await http.GetStringAsync(new Uri(url, "live.m3u8"));
            return media.Contains(".ts", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60), "the RTSP camera's first HLS segment");

        Console.WriteLine($"READY {server.BaseAddress} {google.AccessToken} {device}");
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
