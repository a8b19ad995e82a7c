using System.Globalization;
using System.Text.Json.Nodes;

namespace SmartHomeCam.Deploy.Tests;

/// <summary>
/// The operator Deployment, ConfigMap and Secret run for real under `podman kube play` (Ingress, HPA and PDB are not
/// kinds podman runs; <see cref="KubernetesManifestTests"/> checks those). Only what a cluster would supply differs:
/// the locally built image, host networking on a free port (so no port mapping), and SQLite instead of the external PostgreSQL and Redis.
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
        var values = secret["stringData"]!.AsObject();
        values.Remove("Database__ConnectionString");
        // What an operator does before applying: real keys in place of the placeholders (the service refuses those).
        values["Streaming__SigningKeys__0"] = $"k1:{RandomKey()}";
        values["OAuth__SigningKey"] = RandomKey();
        values["OAuth__EncryptionKey"] = RandomKey();
        values["Google__ClientSecret"] = RandomKey();
        var data64 = new JsonObject();
        foreach (var (key, value) in values)
        {
            data64[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes((string)value!));
        }

        var deployment = objects.Single("Deployment");
        deployment["spec"]!["replicas"] = 1;
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        container["image"] = ServiceImage.Image;
        // podman cannot fill status.podIP; on host networking the pod's address is loopback.
        container["env"] = new JsonArray(new JsonObject { ["name"] = "Streaming__ReplicaAddress", ["value"] = $"http://127.0.0.1:{port}" });
        // Host networking has no port mappings (podman refuses them); probes name the port by number instead.
        container.Remove("ports");
        foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
        {
            container[probe]!["httpGet"]!["port"] = port;
        }

        var file = Path.Combine(Path.GetTempPath(), $"shc-kube-{port}.yaml");
        // JSON is YAML: one document per object.
        await File.WriteAllTextAsync(file, string.Join("\n---\n", new[] { config, deployment }.Select(o => o.ToJsonString())));
        // podman 4.3 stores a played Secret in a form its own envFrom cannot read back; its envFrom/secretRef lookup
        // reads a podman secret holding the Secret's data as one JSON map of base64 values.
        var secretFile = Path.Combine(Path.GetTempPath(), $"shc-secret-{port}.json");
        await File.WriteAllTextAsync(secretFile, data64.ToJsonString());
        var secretName = (string)secret["metadata"]!["name"]!;
        await Podman.RunAsync(TimeSpan.FromMinutes(1), "secret", "rm", secretName);
        await Podman.CheckedAsync(TimeSpan.FromMinutes(1), "secret", "create", secretName, secretFile);
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
            await Podman.RunAsync(TimeSpan.FromMinutes(1), "secret", "rm", secretName);
            File.Delete(file);
            File.Delete(secretFile);
        }
    }

    private static string RandomKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
