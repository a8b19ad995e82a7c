namespace SmartHomeCam.Streaming.ScaleOut;

public enum OwnershipOutcome
{
    /// <summary>This replica may run the camera's session (<see cref="OwnershipClaim.Lease"/> is null in one process).</summary>
    Owned,

    /// <summary>Another replica holds the lease and said where it is.</summary>
    Elsewhere,

    /// <summary>Another replica holds the lease but its address is not known yet: ask again in a moment.</summary>
    Busy,

    /// <summary>Coordination could not be reached; <see cref="OwnershipClaim.Owner"/> is the owner last seen, if any.</summary>
    Unreachable,
}

/// <summary>The answer to <see cref="CameraOwnership.ClaimAsync"/>.</summary>
public sealed record OwnershipClaim(OwnershipOutcome Outcome, CameraLease? Lease, OwnerRecord? Owner)
{
    public static OwnershipClaim Local { get; } = new(OwnershipOutcome.Owned, null, null);

    public static OwnershipClaim Busy { get; } = new(OwnershipOutcome.Busy, null, null);

    public static OwnershipClaim Owned(CameraLease lease) => new(OwnershipOutcome.Owned, lease, null);

    public static OwnershipClaim Elsewhere(OwnerRecord owner) => new(OwnershipOutcome.Elsewhere, null, owner);

    public static OwnershipClaim Unreachable(OwnerRecord? lastSeen) => new(OwnershipOutcome.Unreachable, null, lastSeen);
}
