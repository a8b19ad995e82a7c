namespace SmartHomeCam.Coordination;

/// <summary>
/// One owner's claim on a key (e.g. a camera) across replicas. <see cref="FencingNumber"/> grows with every
/// acquisition of the key, so a resource shown the highest number seen can refuse a former holder that still
/// believes it owns the key (a paused process whose lease expired meanwhile).
/// </summary>
public sealed record Lease(string Key, string OwnerId, long FencingNumber);
