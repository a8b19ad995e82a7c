namespace SmartHomeCam.HomeGraph.Reporting;

/// <summary>Counters of this process's HomeGraph traffic (benchmark, tests, logs).</summary>
public sealed class HomeGraphStatistics
{
    private long calls;
    private long failures;
    private long staleNotifications;
    private long duplicateNotifications;

    public long Calls => Interlocked.Read(ref calls);

    public long Failures => Interlocked.Read(ref failures);

    public long StaleNotifications => Interlocked.Read(ref staleNotifications);

    public long DuplicateNotifications => Interlocked.Read(ref duplicateNotifications);

    internal void Call() => Interlocked.Increment(ref calls);

    internal void Failure() => Interlocked.Increment(ref failures);

    internal void Stale() => Interlocked.Increment(ref staleNotifications);

    internal void Duplicate() => Interlocked.Increment(ref duplicateNotifications);
}
