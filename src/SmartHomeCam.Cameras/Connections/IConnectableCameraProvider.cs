namespace SmartHomeCam.Cameras.Connections;

/// <summary>
/// A provider whose cameras come from accounts the owner connects (several per provider): a Nest account, an
/// Arlo basestation, a generic RTSP URL, a demo camera. The catalog asks each connection separately, so one
/// failing connection leaves the others' cameras alone and its own cameras listed offline.
/// </summary>
public interface IConnectableCameraProvider : ICameraProvider
{
    /// <summary>What the owner picks in the "add a connection" form ("Demo camera", "Generic RTSP camera").</summary>
    string DisplayName { get; }

    /// <summary>The non-secret fields a connection needs (form inputs, CLI options of the same name).</summary>
    IReadOnlyList<ConnectionField> Fields { get; }

    /// <summary>What the credential is called ("password", "access code"), or null when the provider takes none.</summary>
    string? CredentialLabel { get; }

    /// <summary>
    /// Checks the owner's input and returns the settings to store; throws <see cref="ConnectionRejectedException"/>
    /// with a message the owner can act on. May contact the provider (e.g. to claim a camera).
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> PrepareAsync(ConnectionRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The connection's cameras, with ids unique within the connection. Throwing marks the connection unreachable
    /// (its cameras stay listed, offline, and the message becomes the connection's last error).
    /// </summary>
    Task<IReadOnlyList<ProviderCamera>> ListAsync(ProviderConnectionContext connection, CancellationToken cancellationToken);

    /// <summary>A not-yet-started source for one of the connection's cameras.</summary>
    ICameraSource CreateSource(ProviderConnectionContext connection, string cameraId);
}
