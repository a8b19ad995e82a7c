namespace SmartHomeCam.NestLegacy.Streaming;

/// <summary>Why a connection stopped delivering (the source reconnects, or gives up with a camera error).</summary>
internal sealed class NexusStreamEnded(string reason, bool fatal, string? redirectHost = null) : Exception(reason)
{
    /// <summary>Reconnecting cannot help (camera offline, credentials refused).</summary>
    public bool Fatal { get; } = fatal;

    /// <summary>Set when the server sent REDIRECT: reconnect there.</summary>
    public string? RedirectHost { get; } = redirectHost;

    public NexusStreamEnded()
        : this("stream ended", false)
    {
    }
}
