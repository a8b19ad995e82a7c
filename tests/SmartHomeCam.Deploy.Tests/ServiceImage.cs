using SmartHomeCam.Testing;

namespace SmartHomeCam.Deploy.Tests;

/// <summary>
/// Builds the product image from deploy/Dockerfile exactly as a user would, except for the base images: no registry
/// is reachable here, so a Debian bookworm made with debootstrap (plus this machine's .NET SDK) stands in for
/// Microsoft's SDK and ASP.NET images, and the restore reads this machine's NuGet package folder.
/// </summary>
public sealed class ServiceImage : IAsyncLifetime
{
    public const string Image = "localhost/smarthomecam:deploy-test";
    public const string CaddyImage = "localhost/smarthomecam-caddy:deploy-test";
    private const string BaseImage = "localhost/smarthomecam-testbase:latest";
    private const string DebianImage = "localhost/smarthomecam-debian:bookworm";
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(25);

    public async Task InitializeAsync()
    {
        await EnsureBaseImagesAsync();
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await Podman.CheckedAsync(Long, "build", "--isolation", "chroot", "--network", "host", "--format", "docker",
            "-f", RepositoryPaths.Inside("deploy", "Dockerfile"),
            "--build-arg", $"SDK_IMAGE={BaseImage}", "--build-arg", $"BASE={BaseImage}",
            "--build-arg", "INSTALL_FFMPEG=false", "--build-arg", "NUGET_SOURCE=/root/.nuget/packages",
            "-v", $"{packages}:/root/.nuget/packages", "-t", Image, RepositoryPaths.Root);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task EnsureBaseImagesAsync()
    {
        if (await Podman.ImageExistsAsync(BaseImage) && await Podman.ImageExistsAsync(DebianImage) && await Podman.ImageExistsAsync(CaddyImage))
        {
            return;
        }

        var rootfs = Directory.CreateTempSubdirectory("shc-rootfs-").FullName;
        try
        {
            var (code, _, stderr) = await Tool.RunAsync("debootstrap",
                ["--variant=minbase", "--include=ca-certificates,libicu72,libssl3,tzdata,libzstd1", "bookworm", rootfs], Long);
            Assert.True(code == 0, $"debootstrap failed:\n{Podman.Tail(stderr)}");
            await ImportAsync($"tar -C '{rootfs}' -c . | podman import - {DebianImage}");

            // The same Debian with the SDK this machine builds with; it serves as build and runtime base.
            var dotnetRoot = Path.GetDirectoryName(Path.GetFullPath(ResolveDotnet()))!;
            var sdkFile = Path.Combine(Path.GetTempPath(), "shc-sdk.Containerfile");
            await File.WriteAllTextAsync(sdkFile, $"FROM {DebianImage}\nCOPY . /usr/share/dotnet/\nRUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet\n");
            await Podman.CheckedAsync(Long, "build", "--isolation", "chroot", "--network", "host", "-f", sdkFile, "-t", BaseImage, dotnetRoot);

            // Caddy from Debian's package on the same base: the compose test runs the real Caddy in front of us.
            var caddyContext = Directory.CreateTempSubdirectory("shc-caddy-").FullName;
            File.Copy("/usr/bin/caddy", Path.Combine(caddyContext, "caddy"));
            await File.WriteAllTextAsync(Path.Combine(caddyContext, "Containerfile"), $"FROM {DebianImage}\nCOPY caddy /usr/bin/caddy\n");
            await Podman.CheckedAsync(Long, "build", "--isolation", "chroot", "--network", "host", "-t", CaddyImage, caddyContext);
        }
        finally
        {
            await Tool.RunAsync("rm", ["-rf", rootfs], TimeSpan.FromMinutes(2));
        }
    }

    private static async Task ImportAsync(string pipeline)
    {
        var (code, stdout, stderr) = await Tool.RunAsync("bash", ["-o", "pipefail", "-c", pipeline], Long, Podman.Environment);
        Assert.True(code == 0, $"{pipeline} failed:\n{Podman.Tail(stdout)}\n{Podman.Tail(stderr)}");
    }

    private static string ResolveDotnet()
    {
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, "dotnet")).First(File.Exists);
        return new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
    }
}
