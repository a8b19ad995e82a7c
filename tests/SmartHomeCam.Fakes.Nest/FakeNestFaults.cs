using System.Collections.Concurrent;

namespace SmartHomeCam.Fakes.Nest;

/// <summary>Switchable failures of the fake (spec §7.2): the next N API answers as an error, latency, offline.</summary>
public sealed class FakeNestFaults
{
    private readonly ConcurrentQueue<(int Status, string Word, int? RetryAfterSeconds)> next = new();

    /// <summary>Every API call answers 503 while true (a Google outage).</summary>
    public bool Offline { get; set; }

    /// <summary>Added to every API answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>The token endpoint answers invalid_grant to refreshes while true (a revoked authorization).</summary>
    public bool InvalidGrant { get; set; }

    /// <summary>Access tokens the fake refuses with 401 although they have not expired (revoked early).</summary>
    public ConcurrentDictionary<string, bool> RevokedAccessTokens { get; } = new();

    public void FailNext(int status, string word = "UNAVAILABLE", int times = 1, int? retryAfterSeconds = null)
    {
        for (var i = 0; i < times; i++)
        {
            next.Enqueue((status, word, retryAfterSeconds));
        }
    }

    internal bool TryTake(out (int Status, string Word, int? RetryAfterSeconds) fault) => next.TryDequeue(out fault);
}
