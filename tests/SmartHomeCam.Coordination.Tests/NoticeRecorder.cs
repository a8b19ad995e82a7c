using System.Collections.Concurrent;

namespace SmartHomeCam.Coordination.Tests;

/// <summary>A subscriber that records every notice it gets, and signals when a given last notice arrives.</summary>
internal sealed class NoticeRecorder(string last)
{
    private readonly ConcurrentQueue<string> received = new();
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<string> Received => received;

    public void Handle(string message)
    {
        received.Enqueue(message);
        if (message == last)
        {
            done.TrySetResult();
        }
    }

    /// <summary>Waits (bounded) for the last notice; notices of one publisher arrive in order, so all earlier ones are in too.</summary>
    public Task WaitForLastAsync() => done.Task.WaitAsync(TimeSpan.FromSeconds(10));
}
