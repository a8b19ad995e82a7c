using System.Diagnostics;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Deploy.Tests;

/// <summary>
/// The home install (deploy/compose.yaml: the service + Caddy) started by a real compose implementation. Debian's
/// podman-compose 1.0.3 cannot run host-networked services (it always adds a project network, which podman refuses
/// next to network_mode: host), so docker-compose drives podman through podman's Docker-compatible API socket.
/// </summary>
[Collection(SharedImage.Name)]
public sealed class ComposeTests
{
    [Fact]
    public async Task Home_install_serves_the_service_over_https_through_caddy()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"shc-podman-{Guid.NewGuid():N}.sock");
        using var service = StartApiService(socket);
        var appPort = Loopback.FreePort();
        var httpsPort = Loopback.FreePort();
        var project = $"shc{httpsPort}";
        var environment = new Dictionary<string, string>(Podman.Environment)
        {
            ["DOCKER_HOST"] = $"unix://{socket}",
            ["SMARTHOMECAM_IMAGE"] = ServiceImage.Image,
            ["CADDY_IMAGE"] = ServiceImage.CaddyImage,
            ["SMARTHOMECAM_DOMAIN"] = $"localhost:{httpsPort}",
            ["SMARTHOMECAM_PORT"] = appPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CADDY_HTTPS_PORT"] = httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CADDY_HTTP_PORT"] = Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Caddy's own CA instead of Let's Encrypt: nothing public can reach this machine.
            ["CADDY_TLS_DIRECTIVE"] = "tls internal",
        };
        string[] compose = ["-p", project, "-f", RepositoryPaths.Inside("deploy", "compose.yaml")];
        await Poll.UntilAsync(() => File.Exists(socket), TimeSpan.FromSeconds(30), "podman's API socket");
        try
        {
            var (code, stdout, stderr) = await Tool.RunAsync("docker-compose", [.. compose, "up", "-d", "--no-build"], TimeSpan.FromMinutes(5), environment);
            Assert.True(code == 0, $"compose up exited {code}:\n{stdout}\n{stderr}");

            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            var publicUrl = $"https://localhost:{httpsPort}";
            await Loopback.WaitForOkAsync(http, $"{publicUrl}/healthz", TimeSpan.FromMinutes(2));
            using var response = await http.GetAsync($"{publicUrl}/readyz");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Caddy", response.Headers.Server.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await Tool.RunAsync("docker-compose", [.. compose, "down", "-v"], TimeSpan.FromMinutes(3), environment);
        }
    }

    private static ProcessHandle StartApiService(string socket)
    {
        var start = new ProcessStartInfo("podman") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "system", "service", "--time=0", $"unix://{socket}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CONTAINERS_CONF"] = Podman.ConfigFile;
        return new ProcessHandle(Process.Start(start)!);
    }

    private sealed class ProcessHandle(Process process) : IDisposable
    {
        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }
}
