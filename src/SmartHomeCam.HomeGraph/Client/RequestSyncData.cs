using System.Text.Json.Serialization;

namespace SmartHomeCam.HomeGraph.Client;

// devices.requestSync and agentUsers.delete bodies (spec §5).

public sealed class RequestSyncDevicesRequest
{
    [JsonPropertyName("agentUserId")]
    public string AgentUserId { get; set; } = "";

    /// <summary>True: Google queues it and answers at once (no error feedback on the SYNC itself). The double underscore is the official library's.</summary>
    [JsonPropertyName("async")]
#pragma warning disable CA1707 // the official library's name, kept so a swap is a rename
    public bool? Async__ { get; set; }
#pragma warning restore CA1707
}

public sealed class RequestSyncDevicesResponse;

/// <summary>The empty answer of agentUsers.delete.</summary>
public sealed class Empty;
