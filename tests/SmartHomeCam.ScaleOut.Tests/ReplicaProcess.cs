using System.Diagnostics;
using System.Globalization;
using SmartHomeCam.Testing;

namespace SmartHomeCam.ScaleOut.Tests;

/// <summary>
/// One server replica as its own OS process (tests/SmartHomeCam.ScaleOut.Replica: the production composition root
/// plus a reader-reporting camera), so it can be killed with SIGKILL. Its output goes to a log file for failures.
/// </summary>
public sealed class ReplicaProcess : IAsyncDisposable
{
    private readonly Process process;

    private ReplicaProcess(string name, Process process, Uri baseAddress, string dataDirectory, string logFile)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        LogFile = logFile;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public string LogFile { get; }

    public bool HasExited => process.HasExited;

    public static async Task<ReplicaProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dll = HostAssembly();
        var data = Path.Combine(Path.GetTempPath(), "shc-replica-" + name + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var log = Path.Combine(data, "replica.log");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var (key, value) in settings.Append(KeyValuePair.Create("SmartHomeCam:DataDirectory", data)))
        {
            info.ArgumentList.Add("--" + key);
            info.ArgumentList.Add(value);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        var gate = new Lock();
        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                writer.WriteLine(line);
            }

            if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(line["LISTENING ".Length..].Trim()));
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"Replica {name} exited: see {log}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(300)); // a loaded CI machine starts .NET slowly
        return new ReplicaProcess(name, process, address, data, log);
    }

    public HttpClient CreateClient() => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>SIGKILL: no shutdown code runs, leases stay until they lapse.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM: the graceful shutdown an orchestrator asks for.</summary>
    public async Task TerminateAsync(TimeSpan within)
    {
        await ExternalTool.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        using var limit = new CancellationTokenSource(within);
        await process.WaitForExitAsync(limit.Token);
    }

    public string Log() => File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(60)) : "";

    public ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The replica host's build output, in the same configuration as this test assembly.</summary>
    private static string HostAssembly()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(here);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        var dll = RepositoryPaths.Inside("tests", "SmartHomeCam.ScaleOut.Replica", "bin", configuration, framework, "SmartHomeCam.ScaleOut.Replica.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build tests/SmartHomeCam.ScaleOut.Replica first.", dll);
    }
}
