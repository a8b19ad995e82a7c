namespace SmartHomeCam.Linking;

/// <summary>Bound from the <c>OAuth</c> configuration section.</summary>
public sealed class LinkingOptions
{
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Codes must be short-lived; anything above 10 minutes is clamped (spec §4.2, checklist 32).</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a validated access token is trusted without asking the database again. Revocations on this
    /// replica take effect at once; on other replicas within this time. Zero disables the cache.
    /// </summary>
    public TimeSpan AccessTokenCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Token and revocation requests per client IP per minute.</summary>
    public int TokenRequestsPerMinute { get; set; } = 60;

    /// <summary>Sign-in form posts per client IP per minute.</summary>
    public int SignInAttemptsPerMinutePerIp { get; set; } = 20;

    /// <summary>Sign-in form posts per account (e-mail) per 15 minutes, independent of the IP they come from.</summary>
    public int SignInAttemptsPerAccount { get; set; } = 10;

    internal TimeSpan EffectiveCodeLifetime =>
        CodeLifetime <= TimeSpan.Zero || CodeLifetime > TimeSpan.FromMinutes(10) ? TimeSpan.FromMinutes(10) : CodeLifetime;
}
