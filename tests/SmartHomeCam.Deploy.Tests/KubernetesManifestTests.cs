using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Deploy.Tests;

/// <summary>
/// No cluster runs here, so the operator manifests are built with kustomize and checked against the code they deploy:
/// the probe paths the service maps, the port it listens on, the user the image runs as, and configuration keys it reads.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    [Fact]
    public async Task The_base_has_every_object_an_operator_needs()
    {
        var objects = await RenderedManifests.LoadAsync();
        foreach (var kind in new[] { "Namespace", "ConfigMap", "Secret", "Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget" })
        {
            Assert.Contains(objects, o => (string?)o["kind"] == kind);
        }

        var ingress = objects.Single("Ingress");
        Assert.NotEmpty(ingress["spec"]!["tls"]!.AsArray());
        Assert.Equal("smarthomecam", (string?)objects.Single("HorizontalPodAutoscaler")["spec"]!["scaleTargetRef"]!["name"]);
    }

    [Fact]
    public async Task Probes_and_ports_match_what_the_service_serves()
    {
        var objects = await RenderedManifests.LoadAsync();
        var config = objects.Single("ConfigMap")["data"]!.AsObject();
        var container = objects.Single("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        var port = (int)container["ports"]![0]!["containerPort"]!;
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)config["SmartHomeCam__Port"]);
        Assert.Equal("0.0.0.0", (string?)config["SmartHomeCam__ListenAddress"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/healthz", (string?)container["livenessProbe"]!["httpGet"]!["path"]);

        // The paths must be the ones the server maps (not just plausible names).
        var server = string.Concat(Directory.GetFiles(RepositoryPaths.Inside("src", "SmartHomeCam.Server"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        Assert.Contains("\"/healthz\"", server, StringComparison.Ordinal);
        Assert.Contains("\"/readyz\"", server, StringComparison.Ordinal);

        // Other replicas forward stream requests to this pod: its own address, on the container port.
        var replicaAddress = container["env"]!.AsArray().Single(e => (string?)e!["name"] == "Streaming__ReplicaAddress")!;
        Assert.EndsWith($":{port}", (string?)replicaAddress["value"], StringComparison.Ordinal);

        var service = objects.Single("Service");
        Assert.Equal((string?)container["ports"]![0]!["name"], (string?)service["spec"]!["ports"]![0]!["targetPort"]);
    }

    [Fact]
    public async Task Pods_run_as_the_images_non_root_user_on_a_read_only_root_with_a_writable_tmp()
    {
        var objects = await RenderedManifests.LoadAsync();
        var pod = objects.Single("Deployment")["spec"]!["template"]!["spec"]!.AsObject();
        var dockerfile = await File.ReadAllTextAsync(RepositoryPaths.Inside("deploy", "Dockerfile"));
        var uid = DockerfileUid().Match(dockerfile).Groups[1].Value;
        Assert.Equal(uid, pod["securityContext"]!["runAsUser"]!.ToString());
        Assert.True((bool)pod["securityContext"]!["runAsNonRoot"]!);
        var container = pod["containers"]![0]!.AsObject();
        Assert.True((bool)container["securityContext"]!["readOnlyRootFilesystem"]!);
        Assert.Contains(container["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == "/tmp");
        Assert.True((int)pod["terminationGracePeriodSeconds"]! >= 30, "sessions need time to release cameras on SIGTERM");
    }

    [Fact]
    public async Task Every_setting_the_manifests_pass_is_a_configuration_key_the_service_documents()
    {
        var objects = await RenderedManifests.LoadAsync();
        var known = await KnownKeysAsync();
        var passed = objects.Single("ConfigMap")["data"]!.AsObject().Select(p => p.Key)
            .Concat(objects.Single("Secret")["stringData"]!.AsObject().Select(p => p.Key));
        foreach (var variable in passed)
        {
            var key = ArrayIndex().Replace(variable, "").Replace("__", ":", StringComparison.Ordinal);
            Assert.True(known.Contains(key), $"{variable} ({key}) is neither in appsettings.json nor documented in README.md");
        }
    }

    private static async Task<HashSet<string>> KnownKeysAsync()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryPaths.Inside("src", "SmartHomeCam.Server", "appsettings.json")))!;
        Flatten(settings, "", keys);
        var readme = await File.ReadAllTextAsync(RepositoryPaths.Inside("README.md"));
        foreach (Match match in DocumentedKey().Matches(readme))
        {
            keys.Add(match.Groups[1].Value);
        }

        return keys;
    }

    private static void Flatten(JsonNode node, string prefix, HashSet<string> keys)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj)
            {
                var key = prefix.Length == 0 ? name : $"{prefix}:{name}";
                keys.Add(key);
                if (child is not null)
                {
                    Flatten(child, key, keys);
                }
            }
        }
    }

    [GeneratedRegex(@"ARG UID=(\d+)")]
    private static partial Regex DockerfileUid();

    [GeneratedRegex(@"__\d+$")]
    private static partial Regex ArrayIndex();

    [GeneratedRegex(@"`([A-Z][A-Za-z]+(?::[A-Z][A-Za-z0-9]+)+)`")]
    private static partial Regex DocumentedKey();
}
