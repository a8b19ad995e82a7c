using System.Text.RegularExpressions;

namespace SmartHomeCam.Deploy.Tests;

[Collection(SharedImage.Name)]
public sealed partial class ContainerImageTests
{
    [Fact]
    public async Task Image_runs_non_root_on_a_read_only_root_answers_health_and_passes_google_sim()
    {
        var port = Loopback.FreePort();
        var name = $"shc-image-{port}";
        var volume = $"{name}-data";
        await Podman.CheckedAsync(TimeSpan.FromMinutes(1), "volume", "create", volume);
        try
        {
            await Podman.CheckedAsync(TimeSpan.FromMinutes(2), "run", "-d", "--name", name, "--network", "host", "--read-only",
                "--tmpfs", "/tmp", "-v", $"{volume}:/var/lib/smarthomecam", "-e", $"SmartHomeCam__Port={port}",
                "-e", "SmartHomeCam__ListenAddress=127.0.0.1", "-e", "Cameras__Demo__Enabled=true", ServiceImage.Image);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var baseUrl = $"http://127.0.0.1:{port}";
            await Loopback.WaitForOkAsync(http, $"{baseUrl}/healthz", TimeSpan.FromMinutes(2));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync($"{baseUrl}/readyz")).StatusCode);
            Assert.Equal("1654", (await Podman.CheckedAsync(TimeSpan.FromMinutes(1), "exec", name, "sh", "-c", "id -u")).Trim());

            // The image's own health verb, as HEALTHCHECK runs it.
            await Podman.CheckedAsync(TimeSpan.FromMinutes(1), "exec", name, "dotnet", "/app/SmartHomeCam.Server.dll", "health");

            const string password = "correct horse battery staple";
            await Exec(name, password, "users", "add", "owner@example.com", "--password-stdin");
            var client = await Exec(name, null, "clients", "add-google", "--project-id", "deploy-test");
            var secret = SecretLine().Match(client).Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(secret), client);
            var report = await Exec(name, password, "google-sim", "--base-url", baseUrl, "--email", "owner@example.com",
                "--password-stdin", "--client-id", "google-home", "--client-secret", secret, "--project-id", "deploy-test");
            Assert.Contains(" 0 failed", report, StringComparison.Ordinal);

            // SIGTERM: capture sessions stop and the process exits cleanly well within the grace period.
            await Podman.CheckedAsync(TimeSpan.FromMinutes(1), "stop", "-t", "30", name);
            Assert.Equal("0", (await Podman.CheckedAsync(TimeSpan.FromMinutes(1), "inspect", "-f", "{{.State.ExitCode}}", name)).Trim());
        }
        finally
        {
            await Podman.RunAsync(TimeSpan.FromMinutes(1), "rm", "-f", name);
            await Podman.RunAsync(TimeSpan.FromMinutes(1), "volume", "rm", "-f", volume);
        }
    }

    private static async Task<string> Exec(string container, string? stdin, params string[] command)
    {
        string[] args = ["exec", .. stdin is null ? Array.Empty<string>() : ["-i"], container, "dotnet", "/app/SmartHomeCam.Server.dll", .. command];
        var (code, stdout, stderr) = await Tool.RunAsync("podman", args, TimeSpan.FromMinutes(3), Podman.Environment, stdin is null ? null : stdin + "\n");
        Assert.True(code == 0, $"{string.Join(' ', command)} exited {code}:\n{stdout}\n{stderr}");
        return stdout;
    }

    [GeneratedRegex(@"client secret:\s+(\S+)")]
    private static partial Regex SecretLine();
}
