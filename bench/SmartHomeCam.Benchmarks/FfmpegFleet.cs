using System.Globalization;
using FFMpegCore;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// N ffmpeg baseline processes started through FFMpegCore, for the benchmarks that compare our per-stream cost with
/// one ffmpeg per stream. FFMpegCore does not expose the process it starts, so the fleet finds its members as this
/// process's children named <c>ffmpeg</c> in /proc, and reads their CPU and RSS there.
/// </summary>
public sealed class FfmpegFleet : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task<FFMpegResult>> runs = [];
    private int[] pids = [];

    /// <summary>Starts one ffmpeg per argument set, <paramref name="stagger"/> apart, and waits until all are running.</summary>
    public static async Task<FfmpegFleet> StartAsync(IEnumerable<FFMpegArgumentProcessor> processors, TimeSpan stagger)
    {
        ArgumentNullException.ThrowIfNull(processors);
        var fleet = new FfmpegFleet();
        try
        {
            foreach (var processor in processors)
            {
                fleet.runs.Add(processor.CancellableThrough(fleet.stop.Token, TimeSpan.FromSeconds(3)).ProcessAsynchronously(throwOnError: false));
                await Task.Delay(stagger);
            }

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((fleet.pids = ChildrenNamed("ffmpeg")).Length < fleet.runs.Count)
            {
                fleet.ThrowIfAnyExited();
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"only {fleet.pids.Length} of {fleet.runs.Count} ffmpeg processes appeared");
                }

                await Task.Delay(100);
            }

            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>CPU time of every member so far (user + system).</summary>
    public double CpuMs()
    {
        ThrowIfAnyExited();
        return pids.Sum(ProcStats.CpuMs);
    }

    public long RssKb()
    {
        ThrowIfAnyExited();
        return pids.Sum(ProcStats.RssKb);
    }

    /// <summary>A baseline that died mid-run would make the comparison unfair: say so with its last words.</summary>
    public void ThrowIfAnyExited()
    {
        var exited = runs.FirstOrDefault(r => r.IsCompleted);
        if (exited is not null)
        {
            var errors = exited.IsCompletedSuccessfully ? string.Join('\n', exited.Result.StandardError.TakeLast(5)) : exited.Exception?.Message;
            throw new InvalidOperationException("an ffmpeg baseline process exited early; the comparison would be unfair: " + errors);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        foreach (var run in runs)
        {
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
                // stopped on purpose
            }
        }

        stop.Dispose();
    }

    private static int[] ChildrenNamed(string name)
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                // Fields after the command: state, ppid, …
                var ppid = stat[(close + 2)..].Split(' ')[1];
                if (ppid == self && stat[(open + 1)..close] == name)
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }

        return [.. found];
    }
}
