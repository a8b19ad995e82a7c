namespace SmartHomeCam.Streaming.ScaleOut;

public enum HopOutcome
{
    /// <summary>The owner answered (whatever its status) and its answer was copied to the viewer.</summary>
    Answered,

    /// <summary>The owner could not be reached (refused, connect timeout, reset): treat it as gone.</summary>
    Unreachable,

    /// <summary>The replica answered that it does not own the camera (the caller's view of the owner is stale); nothing was copied.</summary>
    NotOwner,
}

/// <summary>
/// What <see cref="OwnerHop.ForwardAsync"/> found; <see cref="FencingNumber"/> is the lease the owner served under
/// (its <see cref="OwnerHop.FenceHeader"/>), null when it did not say.
/// </summary>
public readonly record struct HopResult(HopOutcome Outcome, long? FencingNumber)
{
    public static HopResult Unreachable => new(HopOutcome.Unreachable, null);

    public static HopResult NotOwner => new(HopOutcome.NotOwner, null);

    public static HopResult Answered(long? fencingNumber) => new(HopOutcome.Answered, fencingNumber);
}
