using System.Text.Json.Nodes;
using SmartHomeCam.Testing;

namespace SmartHomeCam.Deploy.Tests;

/// <summary>deploy/k8s built with kustomize (kubectl, offline) and turned into JSON objects for checks and for kube play.</summary>
internal static class RenderedManifests
{
    public static async Task<List<JsonObject>> LoadAsync()
    {
        var (code, yaml, stderr) = await Tool.RunAsync("kubectl", ["kustomize", RepositoryPaths.Inside("deploy", "k8s")], TimeSpan.FromMinutes(1));
        Assert.True(code == 0, $"kubectl kustomize failed: {stderr}");
        const string toJson = "import json, sys, yaml; print(json.dumps([d for d in yaml.safe_load_all(sys.stdin) if d]))";
        var (pyCode, json, pyErr) = await Tool.RunAsync("python3", ["-c", toJson], TimeSpan.FromMinutes(1), stdin: yaml);
        Assert.True(pyCode == 0, $"YAML → JSON failed: {pyErr}");
        return JsonNode.Parse(json)!.AsArray().Select(n => n!.AsObject()).ToList();
    }

    public static JsonObject Single(this List<JsonObject> objects, string kind) =>
        Assert.Single(objects, o => (string?)o["kind"] == kind);
}
