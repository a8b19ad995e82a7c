namespace SmartHomeCam.Cameras;

/// <summary>
/// A source of cameras for an account: Nest, Arlo, generic RTSP, demo. A provider whose cameras come from
/// accounts the owner connects also implements <see cref="Connections.IConnectableCameraProvider"/>; a provider
/// with push-based work (a basestation listener, an event subscription) uses <see cref="StartAsync"/> and
/// <see cref="StopAsync"/>, and publishes what it hears through <see cref="Events.ICameraEventPublisher"/>.
/// </summary>
public interface ICameraProvider
{
    /// <summary>Short, stable identifier persisted with device ids ("demo", "nest", …).</summary>
    string Id { get; }

    /// <summary>
    /// The account's cameras that belong to no connection (configured ones). Throwing means "unreachable": the
    /// catalog then keeps this provider's last known cameras, offline. Returning a list is authoritative: a
    /// previously listed camera missing from it is gone.
    /// </summary>
    Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken);

    /// <summary>A not-yet-started source for one camera; the capture session owns and disposes it.</summary>
    ICameraSource CreateSource(string userId, string providerCameraId);

    /// <summary>Called when the host starts. A throw is logged and the call retried with back-off; it never stops the host.</summary>
    Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called on shutdown for a provider whose start succeeded.</summary>
    Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
