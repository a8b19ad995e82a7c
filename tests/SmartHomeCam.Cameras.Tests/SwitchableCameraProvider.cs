using SmartHomeCam.Cameras;
using SmartHomeCam.Cameras.Demo;

namespace SmartHomeCam.Cameras.Tests;

/// <summary>
/// A provider whose answers a test changes: which cameras it lists, whether it is unreachable, and whether its
/// start fails; it counts starts and stops.
/// </summary>
public sealed class SwitchableCameraProvider : ICameraProvider
{
    public const string ProviderId = "switch";
    private static readonly CameraDeviceInfo Info = new("Switchco", "S1", "1", "1");
    private readonly Lock gate = new();
    private List<ProviderCamera> cameras = [new("porch", "Porch camera", "Porch", Info, Online: true), new("yard", "Yard camera", null, Info, Online: true)];
    private int starts;
    private int startAttempts;
    private int stops;

    public string Id => ProviderId;

    /// <summary>When set, listing throws as an unreachable cloud would.</summary>
    public bool Unreachable { get; set; }

    /// <summary>How many start attempts still fail.</summary>
    public int FailingStarts { get; set; }

    public int Starts => Volatile.Read(ref starts);

    public int StartAttempts => Volatile.Read(ref startAttempts);

    public int Stops => Volatile.Read(ref stops);

    public void SetCameras(params ProviderCamera[] listed)
    {
        lock (gate)
        {
            cameras = [.. listed];
        }
    }

    public static ProviderCamera Camera(string id, string name, string? room = null, bool online = true) => new(id, name, room, Info, online);

    public Task<IReadOnlyList<ProviderCamera>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        if (Unreachable)
        {
            throw new HttpRequestException("503 from the provider's cloud");
        }

        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<ProviderCamera>>([.. cameras]);
        }
    }

    public ICameraSource CreateSource(string userId, string providerCameraId) => new DemoCameraSource();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref startAttempts);
        lock (gate)
        {
            if (FailingStarts > 0)
            {
                FailingStarts--;
                throw new InvalidOperationException("event subscription refused");
            }
        }

        Interlocked.Increment(ref starts);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref stops);
        return Task.CompletedTask;
    }
}
