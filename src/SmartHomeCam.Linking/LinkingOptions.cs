namespace SmartHomeCam.Linking;

/// <summary>Bound from the <c>OAuth</c> configuration section.</summary>
public sealed class LinkingOptions
{
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Codes must be short-lived; anything above 10 minutes is clamped (spec §4.2).</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The token issuer (<c>iss</c>). Every replica must use the same one, or tokens minted by one are refused by
    /// another; defaults to <c>SmartHomeCam:PublicBaseUrl</c>, else a fixed name.
    /// </summary>
    public string Issuer { get; set; } = "";

    /// <summary>How often expired and revoked codes, tokens and authorizations are pruned.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Entries younger than this are never pruned (at least the access-token lifetime plus an hour).</summary>
    public TimeSpan PruneAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long /fulfillment trusts an access token OpenIddict already validated without decrypting it again
    /// (revocation is still checked on every request); zero turns the cache off.
    /// </summary>
    public TimeSpan ValidatedTokenCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    internal TimeSpan EffectiveCodeLifetime =>
        CodeLifetime <= TimeSpan.Zero || CodeLifetime > TimeSpan.FromMinutes(10) ? TimeSpan.FromMinutes(10) : CodeLifetime;

    internal TimeSpan EffectiveAccessTokenLifetime =>
        AccessTokenLifetime < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : AccessTokenLifetime;

    internal TimeSpan EffectivePruneAge =>
        PruneAge < EffectiveAccessTokenLifetime + TimeSpan.FromHours(1) ? EffectiveAccessTokenLifetime + TimeSpan.FromHours(1) : PruneAge;
}
