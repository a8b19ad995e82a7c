namespace SmartHomeCam.Server.Hosting;

/// <summary>Rate limits and sign-in throttling, bound from the <c>OAuth</c> configuration section.</summary>
public sealed class AbuseLimitOptions
{
    public const string Section = "OAuth";

    /// <summary>
    /// Token/revoke requests per client address per minute that do not end in success (then 429), unless they
    /// present a client credential that already succeeded in this process.
    /// </summary>
    public int TokenRequestsPerMinute { get; set; } = 60;

    /// <summary>Sign-in (and first-run setup) form posts per client address per minute.</summary>
    public int SignInAttemptsPerMinutePerIp { get; set; } = 20;

    /// <summary>Failed sign-ins per account within <see cref="SignInFailureWindow"/>, from any address, before its checks are spaced out.</summary>
    public int SignInAttemptsPerAccount { get; set; } = 10;

    /// <summary>Failed sign-ins one address may make for one account before each further try has to wait.</summary>
    public int SignInFreeFailures { get; set; } = 3;

    /// <summary>Longest wait between tries of one address for one account (the wait doubles from 1 s up to this).</summary>
    public TimeSpan SignInMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Minimum time between two password checks of an account under attack (never a refusal).</summary>
    public TimeSpan SignInSlowdown { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long failures are remembered.</summary>
    public TimeSpan SignInFailureWindow { get; set; } = TimeSpan.FromMinutes(15);
}
