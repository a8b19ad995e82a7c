using System.Collections.Concurrent;
using SmartHomeCam.Cameras.Events;

namespace SmartHomeCam.Nest.Tests;

/// <summary>A consumer of camera events that keeps every delivery.</summary>
public sealed class NestEventRecorder : ICameraEventSubscriber
{
    private readonly ConcurrentQueue<CameraEvent> received = new();

    public IReadOnlyCollection<CameraEvent> Received => received;

    public Task HandleAsync(CameraEvent cameraEvent, CancellationToken cancellationToken)
    {
        received.Enqueue(cameraEvent);
        return Task.CompletedTask;
    }
}
