using SmartHomeCam.Testing;

namespace SmartHomeCam.Deploy.Tests;

/// <summary>
/// Runs podman the way these sandboxed machines allow (no setrlimit, mixed cgroups, no bridge network): runc with the
/// cgroupfs manager, no default ulimits, host networking. The settings go in a containers.conf of our own so that
/// podman's Docker-compatible API service (used by docker-compose) runs with them too.
/// </summary>
internal static class Podman
{
    public static string ConfigFile { get; } = WriteConfig();

    public static IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["CONTAINERS_CONF"] = ConfigFile };

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, params string[] args) =>
        Tool.RunAsync("podman", args, timeout, Environment);

    public static async Task<string> CheckedAsync(TimeSpan timeout, params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(timeout, args);
        Assert.True(code == 0, $"podman {string.Join(' ', args)} exited {code}:\n{Tail(stdout)}\n{Tail(stderr)}");
        return stdout;
    }

    public static async Task<bool> ImageExistsAsync(string image) => (await RunAsync(TimeSpan.FromSeconds(60), "image", "exists", image)).ExitCode == 0;

    public static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    private static string WriteConfig()
    {
        var path = Path.Combine(Path.GetTempPath(), "smarthomecam-containers.conf");
        File.WriteAllText(path, "[containers]\ndefault_ulimits = []\n[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\n");
        return path;
    }
}
