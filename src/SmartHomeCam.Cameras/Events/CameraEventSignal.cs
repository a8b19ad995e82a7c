namespace SmartHomeCam.Cameras.Events;

/// <summary>Wakes the dispatcher at once when this process recorded an event, instead of at the next poll.</summary>
public sealed class CameraEventSignal : IDisposable
{
    private readonly SemaphoreSlim pending = new(0, 1);

    public void Pulse()
    {
        try
        {
            pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up drains everything.
        }
    }

    /// <summary>Waits for a pulse or the timeout, whichever is first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => pending.WaitAsync(timeout, cancellationToken);

    public void Dispose() => pending.Dispose();
}
