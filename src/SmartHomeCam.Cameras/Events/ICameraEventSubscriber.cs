namespace SmartHomeCam.Cameras.Events;

/// <summary>
/// A consumer of camera events (HomeGraph reporting, …), registered in DI. Called by the server's dispatcher in
/// event order; a throw means "not handled" and the event is delivered again later (to every subscriber, so
/// handle by <see cref="CameraEvent.EventId"/> idempotently).
/// </summary>
public interface ICameraEventSubscriber
{
    Task HandleAsync(CameraEvent cameraEvent, CancellationToken cancellationToken);
}
