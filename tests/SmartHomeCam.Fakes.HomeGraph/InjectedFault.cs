namespace SmartHomeCam.Fakes.HomeGraph;

/// <summary>An error the fake answers to the next HomeGraph call instead of handling it (429, 500, 503, 404, 400…).</summary>
public sealed record InjectedFault(int Status, TimeSpan? RetryAfter = null)
{
    public string GoogleStatus => Status switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        429 => "RESOURCE_EXHAUSTED",
        503 => "UNAVAILABLE",
        _ => "INTERNAL",
    };
}
