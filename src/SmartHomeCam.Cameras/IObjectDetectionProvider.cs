namespace SmartHomeCam.Cameras;

/// <summary>
/// Implemented by a provider that publishes doorbell presses or person alerts (<see cref="Events.CameraEventKind.Doorbell"/>,
/// <see cref="Events.CameraEventKind.Person"/>) for some of its cameras: SYNC then advertises Google's ObjectDetection
/// trait with <c>notificationSupportedByAgent</c> for exactly those (when HomeGraph reporting is configured).
/// </summary>
public interface IObjectDetectionProvider
{
    bool DeliversObjectDetection(CatalogCamera camera);
}
