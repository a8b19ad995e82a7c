using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SmartHomeCam.Linking;

/// <summary>
/// Limits sign-in attempts per account regardless of source address, so a distributed guesser is slowed
/// too. Identity's lockout then locks the account after repeated wrong passwords.
/// </summary>
public sealed class AccountSignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public AccountSignInThrottle(IOptions<LinkingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var permits = Math.Max(1, options.Value.SignInAttemptsPerAccount);
        limiter = PartitionedRateLimiter.Create<string, string>(account => RateLimitPartition.GetFixedWindowLimiter(
            account, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(15), QueueLimit = 0 }));
    }

    /// <summary>True when another attempt for this account is allowed now.</summary>
    public bool TryAcquire(string account)
    {
        using var lease = limiter.AttemptAcquire(account.Trim().ToUpperInvariant());
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
