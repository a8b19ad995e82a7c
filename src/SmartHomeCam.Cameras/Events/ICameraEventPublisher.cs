namespace SmartHomeCam.Cameras.Events;

/// <summary>Where providers (and the catalog) put camera events; nobody calls a consumer directly.</summary>
public interface ICameraEventPublisher
{
    /// <summary>Records the event durably; false when an event with this id was already recorded.</summary>
    Task<bool> PublishAsync(CameraEvent cameraEvent, CancellationToken cancellationToken);
}
