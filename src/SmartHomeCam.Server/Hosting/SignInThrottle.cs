using Microsoft.Extensions.Options;

namespace SmartHomeCam.Server.Hosting;

/// <summary>
/// Slows password guessing without letting someone who only knows the owner's e-mail keep the owner out:
/// <list type="bullet">
/// <item>per address and account, only failures count: a few are free, then each further try must wait twice as
/// long as the one before (1 s, 2 s, 4 s… up to <see cref="AbuseLimitOptions.SignInMaxDelay"/>) and is refused
/// with 429 until then, without a password check; one try at a time; success clears it;</item>
/// <item>per account, from all addresses: past <see cref="AbuseLimitOptions.SignInAttemptsPerAccount"/> failures,
/// password checks of that account run one at a time, at least <see cref="AbuseLimitOptions.SignInSlowdown"/>
/// apart. That bounds a distributed guesser's rate but never refuses anyone, so the correct password still works.</item>
/// </list>
/// Keys are the e-mail as typed (normalized), whether or not an account exists, so answers do not reveal that.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock, IOptions<AbuseLimitOptions> options)
{
    private const int SweepAbove = 10_000;
    private readonly AbuseLimitOptions limits = options.Value;
    private readonly Lock gate = new();
    private readonly Dictionary<string, PairState> pairs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccountState> accounts = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="address"/> may try a password for <paramref name="email"/> now; if so, <see cref="Complete"/> must follow.</summary>
    public bool TryBegin(string address, string email, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var key = PairKey(address, email);
            if (!pairs.TryGetValue(key, out var pair) || (!pair.InFlight && now - pair.LastFailure > limits.SignInFailureWindow))
            {
                if (pairs.Count >= SweepAbove)
                {
                    Sweep(now);
                }

                pair = new PairState();
                pairs[key] = pair;
            }

            if (pair.InFlight || now < pair.NextAllowed)
            {
                retryAfter = pair.InFlight ? TimeSpan.FromSeconds(1) : pair.NextAllowed - now;
                return false;
            }

            pair.InFlight = true;
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>
    /// Waits for this account's turn when it is under attack (checks one at a time, spaced out); dispose the
    /// result after the password check. Returns at once otherwise.
    /// </summary>
    public async Task<IDisposable> WaitForTurnAsync(string email, CancellationToken cancellationToken)
    {
        AccountState account;
        lock (gate)
        {
            account = Account(Normalize(email), clock.GetUtcNow());
            if (account.Failures < Math.Max(1, limits.SignInAttemptsPerAccount))
            {
                return NoTurn.Instance;
            }
        }

        await account.Turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wait = account.LastCheck + limits.SignInSlowdown - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            account.LastCheck = clock.GetUtcNow();
            return new Turn(account);
        }
        catch
        {
            account.Turn.Release();
            throw;
        }
    }

    /// <summary>Records the outcome of a try admitted by <see cref="TryBegin"/>.</summary>
    public void Complete(string address, string email, bool succeeded)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (!pairs.TryGetValue(PairKey(address, email), out var pair))
            {
                return;
            }

            pair.InFlight = false;
            if (succeeded)
            {
                pairs.Remove(PairKey(address, email));
                return;
            }

            pair.Failures++;
            pair.LastFailure = now;
            var over = pair.Failures - Math.Max(0, limits.SignInFreeFailures);
            if (over >= 0)
            {
                var delay = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(over, 30)));
                pair.NextAllowed = now + (delay < limits.SignInMaxDelay ? delay : limits.SignInMaxDelay);
            }

            Account(Normalize(email), now).Failures++;
        }
    }

    private AccountState Account(string key, DateTimeOffset now)
    {
        if (!accounts.TryGetValue(key, out var account) || now - account.WindowStart > limits.SignInFailureWindow)
        {
            if (accounts.Count >= SweepAbove)
            {
                Sweep(now);
            }

            // A new window forgets the count but keeps the turn, in case someone is waiting on it.
            account = new AccountState { WindowStart = now, Turn = account?.Turn ?? new SemaphoreSlim(1, 1), LastCheck = account?.LastCheck ?? default };
            accounts[key] = account;
        }

        return account;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, pair) in pairs.ToList())
        {
            if (!pair.InFlight && now - pair.LastFailure > limits.SignInFailureWindow && now >= pair.NextAllowed)
            {
                pairs.Remove(key);
            }
        }

        foreach (var (key, account) in accounts.ToList())
        {
            if (now - account.WindowStart > limits.SignInFailureWindow && account.Turn.CurrentCount == 1)
            {
                accounts.Remove(key);
            }
        }
    }

    private static string PairKey(string address, string email) => address + "\n" + Normalize(email);

    private static string Normalize(string email) => email.Trim().ToUpperInvariant();

    private sealed class PairState
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset NextAllowed { get; set; }

        public bool InFlight { get; set; }
    }

    private sealed class AccountState
    {
        public DateTimeOffset WindowStart { get; init; }

        public required SemaphoreSlim Turn { get; init; }

        public int Failures { get; set; }

        public DateTimeOffset LastCheck { get; set; }
    }

    private sealed class Turn(AccountState account) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                account.Turn.Release();
            }
        }
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();

        public void Dispose()
        {
        }
    }
}
