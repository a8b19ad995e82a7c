using System.Globalization;
using System.Text.Json.Nodes;

namespace SmartHomeCam.Deploy.Tests;

/// <summary>
/// The operator Deployment, ConfigMap and Secret run for real under `podman kube play` (Ingress, HPA and PDB are not
/// kinds podman runs; <see cref="KubernetesManifestTests"/> checks those). Only what a cluster would supply differs:
/// the locally built image, host networking on a free port, and SQLite instead of the external PostgreSQL and Redis.
/// </summary>
[Collection(SharedImage.Name)]
public sealed class KubePlayTests
{
    [Fact]
    public async Task The_deployment_becomes_ready_under_podman_kube_play()
    {
        var objects = await RenderedManifests.LoadAsync();
        var port = Loopback.FreePort();
        var config = objects.Single("ConfigMap");
        var data = config["data"]!.AsObject();
        data["SmartHomeCam__Port"] = port.ToString(CultureInfo.InvariantCulture);
        data["SmartHomeCam__ListenAddress"] = "127.0.0.1";
        data["Database__Provider"] = "Sqlite";
        data.Remove("Redis__Configuration");
        var secret = objects.Single("Secret");
        secret["stringData"]!.AsObject().Remove("Database__ConnectionString");
        secret["stringData"]!.AsObject().Remove("Streaming__SigningKeys__0"); // the example value is a placeholder
        var deployment = objects.Single("Deployment");
        deployment["spec"]!["replicas"] = 1;
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        container["image"] = ServiceImage.Image;
        container["ports"]![0]!["containerPort"] = port;

        var file = Path.Combine(Path.GetTempPath(), $"shc-kube-{port}.yaml");
        // JSON is YAML: one document per object.
        await File.WriteAllTextAsync(file, string.Join("\n---\n", new[] { config, secret, deployment }.Select(o => o.ToJsonString())));
        try
        {
            await Podman.CheckedAsync(TimeSpan.FromMinutes(3), "kube", "play", "--network", "host", file);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await Loopback.WaitForOkAsync(http, $"http://127.0.0.1:{port}/readyz", TimeSpan.FromMinutes(2));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode);
        }
        finally
        {
            await Podman.RunAsync(TimeSpan.FromMinutes(2), "kube", "down", file);
            File.Delete(file);
        }
    }
}
