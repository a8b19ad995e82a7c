namespace SmartHomeCam.Cameras;

/// <summary>A source of cameras for an account: Nest, Arlo, generic RTSP, demo.</summary>
public interface ICameraProvider
{
    /// <summary>Short, stable identifier persisted with device ids ("demo", "nest", …).</summary>
    string Id { get; }

    Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken);

    /// <summary>A not-yet-started source for one camera; the capture session owns and disposes it.</summary>
    ICameraSource CreateSource(string userId, string providerCameraId);
}
