namespace SmartHomeCam.Coordination;

/// <summary>
/// What replicas share: small expiring facts (key/value with a lifetime) and broadcast notices. In-memory for a
/// single process (the embedded default), Redis when several replicas run.
/// </summary>
public interface ICoordination
{
    /// <summary>True when other processes may see what this one writes (i.e. not the in-memory default).</summary>
    bool IsShared { get; }

    /// <summary>Stores a fact that expires by itself.</summary>
    Task SetAsync(string key, string value, TimeSpan lifetime);

    /// <summary>Every live fact whose key starts with <paramref name="prefix"/> (used once at start-up to catch up).</summary>
    Task<IReadOnlyList<KeyValuePair<string, string>>> ScanAsync(string prefix);

    /// <summary>Broadcasts to every subscriber of <paramref name="channel"/> in every process, this one included.</summary>
    Task PublishAsync(string channel, string message);

    /// <summary>Registers a handler; completes once notices on the channel will be delivered.</summary>
    Task SubscribeAsync(string channel, Action<string> handler);
}
