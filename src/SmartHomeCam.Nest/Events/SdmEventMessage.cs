namespace SmartHomeCam.Nest.Events;

/// <summary>One Pub/Sub message from the SDM topic (spec §6), parsed.</summary>
public sealed record SdmEventMessage(
    string EventId,
    DateTimeOffset Timestamp,
    string? DeviceId,
    IReadOnlyList<SdmDeviceEvent> Events,
    bool? Online,
    bool IsRelationUpdate,
    string? ThreadState);

/// <summary>One entry of <c>resourceUpdate.events</c>: its key, and the ids that identify it across duplicates and merges.</summary>
public sealed record SdmDeviceEvent(string Key, string? EventSessionId, string? EventId);
