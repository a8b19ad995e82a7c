namespace SmartHomeCam.Nest.Tests;

/// <summary>
/// Gives the thread pool back the workers the test host keeps blocked, for as long as the soak runs. vstest parks
/// one pool thread in its socket poll loop and the xUnit adapter another in a wait for the whole run; on a 2-core
/// machine that is the pool's entire minimum, so whenever hill climbing lowers its thread goal to that minimum no
/// worker is left to run queued work until the starvation check (every 500 ms, after 500 ms without a dequeue)
/// adds one. The soak measured exactly that: every stage, a 10 ms timer and an idle work item included, paused
/// together for 0.5–1.0 s several times a minute, while the probe's own thread ran on time. A server process has
/// no such parked threads, so this is the harness's headroom, not a product setting.
/// </summary>
internal sealed class TestHostThreadPoolHeadroom : IDisposable
{
    /// <summary>Pool threads the test host blocks for the whole run (vstest's message loop, the xUnit adapter's wait).</summary>
    private const int ParkedByTestHost = 2;

    private readonly int workers;
    private readonly int completionPorts;

    private TestHostThreadPoolHeadroom(int workers, int completionPorts)
    {
        this.workers = workers;
        this.completionPorts = completionPorts;
    }

    public static TestHostThreadPoolHeadroom Reserve()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(workers + ParkedByTestHost, completionPorts);
        return new TestHostThreadPoolHeadroom(workers, completionPorts);
    }

    public void Dispose() => ThreadPool.SetMinThreads(workers, completionPorts);
}
