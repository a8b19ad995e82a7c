using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartHomeCam.Streaming.WebRtc;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Deploy.Tests;

/// <summary>
/// The WebRTC media port and its ICE-TCP fallback are published by every deployment file, with the numbers the
/// service really binds by default (read from <see cref="WebRtcOptions"/>, not copied), and each deployment says
/// where the public address behind NAT goes.
/// </summary>
public sealed partial class WebRtcPortTests
{
    private static readonly WebRtcOptions Defaults = new();

    [Fact]
    public async Task The_image_exposes_the_udp_port_and_the_ice_tcp_port()
    {
        var dockerfile = await File.ReadAllTextAsync(RepositoryPaths.Inside("deploy", "Dockerfile"));
        var exposed = Expose().Matches(dockerfile).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains($"{Defaults.Port}/udp", exposed);
        Assert.Contains($"{Defaults.TcpPort}/tcp", exposed);
        Assert.Contains("WebRtc__PublicAddresses__0", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubernetes_pods_publish_the_ports_on_their_node_and_announce_the_nodes_address()
    {
        var objects = await RenderedManifests.LoadAsync();
        var config = objects.Single("ConfigMap")["data"]!.AsObject();
        Assert.Equal(Defaults.Port.ToString(CultureInfo.InvariantCulture), (string?)config["WebRtc__Port"]);
        Assert.Equal(Defaults.TcpPort.ToString(CultureInfo.InvariantCulture), (string?)config["WebRtc__TcpPort"]);

        var container = objects.Single("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        var ports = container["ports"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var udp = Assert.Single(ports, p => (string?)p["protocol"] == "UDP");
        Assert.Equal(Defaults.Port, (int)udp["containerPort"]!);
        Assert.Equal(Defaults.Port, (int)udp["hostPort"]!);
        var tcp = Assert.Single(ports, p => (string?)p["protocol"] == "TCP" && (int)p["containerPort"]! == Defaults.TcpPort);
        Assert.Equal(Defaults.TcpPort, (int)tcp["hostPort"]!);

        // The candidate must be the node's address (where the hostPort listens), not the pod's.
        var env = container["env"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var announced = Assert.Single(env, e => (string?)e["name"] == "WebRtc__PublicAddresses__0");
        var variable = Reference().Match((string?)announced["value"] ?? "").Groups[1].Value;
        var source = Assert.Single(env, e => (string?)e["name"] == variable);
        Assert.Equal("status.hostIP", (string?)source["valueFrom"]!["fieldRef"]!["fieldPath"]);

        // Not through the load-balanced Service: a viewer's media must reach the pod that answered its offer.
        var service = objects.Single("Service")["spec"]!["ports"]!.AsArray();
        Assert.DoesNotContain(service, p => (string?)p!["protocol"] == "UDP");
    }

    [Fact]
    public async Task Compose_sets_the_default_ports_on_the_hosts_network_and_shows_where_the_public_address_goes()
    {
        var path = RepositoryPaths.Inside("deploy", "compose.yaml");
        var compose = await LoadYamlAsync(path);
        var service = compose["services"]!["smarthomecam"]!.AsObject();
        Assert.Equal("host", (string?)service["network_mode"]); // the ports are the host's own: nothing to map
        var environment = service["environment"]!.AsObject();
        Assert.Equal(Defaults.Port.ToString(CultureInfo.InvariantCulture), DefaultOf((string?)environment["WebRtc__Port"]));
        Assert.Equal(Defaults.TcpPort.ToString(CultureInfo.InvariantCulture), DefaultOf((string?)environment["WebRtc__TcpPort"]));
        Assert.Contains("WebRtc__PublicAddresses__0", await File.ReadAllTextAsync(path), StringComparison.Ordinal);

        // The Redis overlay keeps them (it must not switch the service off the host's network).
        var overlay = await LoadYamlAsync(RepositoryPaths.Inside("deploy", "compose.redis.yaml"));
        Assert.Null(overlay["services"]!["smarthomecam"]!["network_mode"]);
        Assert.Null(overlay["services"]!["smarthomecam"]!["ports"]);
    }

    [Fact]
    public async Task The_deploy_readme_names_both_ports_and_the_public_address_setting()
    {
        var readme = await File.ReadAllTextAsync(RepositoryPaths.Inside("deploy", "README.md"));
        Assert.Contains($"{Defaults.Port}/udp", readme, StringComparison.Ordinal);
        Assert.Contains($"{Defaults.TcpPort}/tcp", readme, StringComparison.Ordinal);
        Assert.Contains("WebRtc__PublicAddresses__0", readme, StringComparison.Ordinal);
    }

    /// <summary><c>${VAR:-8189}</c> → <c>8189</c>; a plain value stays as it is.</summary>
    private static string? DefaultOf(string? value)
    {
        var match = ComposeDefault().Match(value ?? "");
        return match.Success ? match.Groups[1].Value : value;
    }

    private static async Task<JsonObject> LoadYamlAsync(string path)
    {
        const string toJson = "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))";
        var (code, json, stderr) = await Tool.RunAsync("python3", ["-c", toJson], TimeSpan.FromMinutes(1), stdin: await File.ReadAllTextAsync(path));
        Assert.True(code == 0, $"YAML → JSON failed: {stderr}");
        return JsonNode.Parse(json)!.AsObject();
    }

    [GeneratedRegex(@"^EXPOSE\s+(.+)$", RegexOptions.Multiline)]
    private static partial Regex Expose();

    [GeneratedRegex(@"^\$\(([A-Z_]+)\)$")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^\$\{[A-Z_]+:-([^}]*)\}$")]
    private static partial Regex ComposeDefault();
}
