using System.Collections.Concurrent;
using SmartHomeCam.Cameras.Events;

namespace SmartHomeCam.Cameras.Tests;

/// <summary>A consumer that records every delivery (duplicates included) and can refuse the first few.</summary>
public sealed class RecordingSubscriber : ICameraEventSubscriber
{
    private readonly ConcurrentQueue<CameraEvent> received = new();
    private int refusals;

    public RecordingSubscriber(int refuseFirst = 0) => refusals = refuseFirst;

    public IReadOnlyCollection<CameraEvent> Received => received;

    public int Refused { get; private set; }

    /// <summary>When set, every delivery fails (a consumer that is down).</summary>
    public bool AlwaysFail { get; set; }

    public Task HandleAsync(CameraEvent cameraEvent, CancellationToken cancellationToken)
    {
        if (AlwaysFail || Interlocked.Decrement(ref refusals) >= 0)
        {
            Refused++;
            throw new InvalidOperationException("consumer unavailable");
        }

        received.Enqueue(cameraEvent);
        return Task.CompletedTask;
    }

    public int CountOf(string eventId) => received.Count(e => e.EventId == eventId);

    /// <summary>Waits until an event matching <paramref name="match"/> arrived (or fails after 10 s).</summary>
    public async Task<CameraEvent> WaitForAsync(Func<CameraEvent, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = received.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "the event was not delivered within 10 s; got: " + string.Join(", ", received.Select(e => $"{e.Kind}:{e.EventId}")));
            await Task.Delay(25);
        }
    }
}
