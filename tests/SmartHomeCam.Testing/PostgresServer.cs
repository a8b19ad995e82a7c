using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmartHomeCam.Testing;

/// <summary>
/// A throw-away PostgreSQL (Debian package) in a temp directory on a free loopback port, trust auth, no fsync.
/// PostgreSQL refuses to run as root, so under root it runs as the package's "postgres" user.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly Process process;
    private readonly string directory;

    private readonly string pgCtl;
    private readonly bool asRoot;

    private PostgresServer(Process process, string directory, int port, string pgCtl, bool asRoot)
    {
        this.process = process;
        this.pgCtl = pgCtl;
        this.asRoot = asRoot;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL binaries not found; the test script installs Debian's postgresql package.");
        var directory = Path.Combine(Path.GetTempPath(), "shc-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", directory]).ConfigureAwait(false);
        }

        var data = Path.Combine(directory, "data");
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"], asRoot).ConfigureAwait(false);

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = Start(Path.Combine(bin, "postgres"),
            ["-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", directory, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off"],
            asRoot);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                await Task.Delay(200).ConfigureAwait(false); // accepting TCP is a moment before accepting logins
                return new PostgresServer(start, directory, port, Path.Combine(bin, "pg_ctl"), asRoot);
            }
            catch (SocketException)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        start.Kill();
        throw new TimeoutException("PostgreSQL did not accept connections within 20 s.");
    }

    public void Dispose()
    {
        // Under root the server runs below runuser: stop the postmaster itself, then anything left of the tree.
        try
        {
            RunAsync(pgCtl, ["-D", Path.Combine(directory, "data"), "stop", "-m", "immediate", "-w"], asRoot).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static Process Start(string file, string[] args, bool asRoot)
    {
        var info = asRoot ? new ProcessStartInfo("runuser") : new ProcessStartInfo(file);
        if (asRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunAsync(string file, string[] args, bool asRoot = false)
    {
        var (code, _, stderr) = asRoot
            ? await ExternalTool.RunAsync("runuser", ["-u", "postgres", "--", file, .. args]).ConfigureAwait(false)
            : await ExternalTool.RunAsync(file, args).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} failed: {stderr}");
        }
    }
}
