using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace SmartHomeCam.ScaleOut.Tests;

/// <summary>
/// Watches a camera's take-over from the outside (Redis every 10 ms, the reader counter): when the dead owner's lease
/// lapsed, when another replica acquired it, and when that replica's reader opened the camera, each counted from
/// <see cref="Start"/> (the kill). The first new segment is marked by the test, which sees it through a player.
/// </summary>
public sealed class TakeOverTimeline : IAsyncDisposable
{
    private readonly Stopwatch clock = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly IDatabase redis;
    private readonly string leaseKey;
    private readonly ReaderCounter readers;
    private string? oldHolder;
    private int readersBefore;
    private Task? watching;

    public TakeOverTimeline(IConnectionMultiplexer redis, string deviceId, ReaderCounter readers)
    {
        ArgumentNullException.ThrowIfNull(redis);
        this.redis = redis.GetDatabase();
        leaseKey = "shc:lease:{capture:" + deviceId + "}";
        this.readers = readers;
    }

    public TimeSpan? Lapsed { get; private set; }

    public TimeSpan? Acquired { get; private set; }

    public TimeSpan? ReaderOpened { get; private set; }

    public TimeSpan? FirstSegment { get; private set; }

    /// <summary>Call right before the kill: remembers the holder and the readers opened so far, starts the clock.</summary>
    public void Start()
    {
        oldHolder = redis.StringGet(leaseKey);
        readersBefore = readers.Total;
        clock.Start();
        watching = Task.Run(WatchAsync);
    }

    public void MarkFirstSegment() => FirstSegment ??= clock.Elapsed;

    /// <summary>One line: each step's time after the previous one.</summary>
    public string Describe()
    {
        static string S(TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "?";
        static TimeSpan? Between(TimeSpan? from, TimeSpan? to) => from is { } f && to is { } t ? t - f : null;
        return $"lease lapsed {S(Lapsed)} after SIGKILL; then acquired by a survivor +{S(Between(Lapsed, Acquired))}, "
            + $"its reader opened +{S(Between(Acquired, ReaderOpened))}, first new segment served +{S(Between(ReaderOpened, FirstSegment))} "
            + $"(lapse → first segment {S(Between(Lapsed, FirstSegment))})";
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (watching is not null)
        {
            await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        stopping.Dispose();
    }

    private async Task WatchAsync()
    {
        while (!stopping.IsCancellationRequested && (Acquired is null || ReaderOpened is null))
        {
            string? holder = null;
            var read = false;
            try
            {
                holder = await redis.StringGetAsync(leaseKey);
                read = true;
            }
            catch (RedisException)
            {
                // not expected here (Redis runs throughout the kill); the next poll tells
            }

            var now = clock.Elapsed;
            if (read && holder != oldHolder)
            {
                Lapsed ??= now; // gone, or replaced in the same 10 ms
                if (holder is not null)
                {
                    Acquired ??= now;
                }
            }

            if (ReaderOpened is null && readers.Total > readersBefore)
            {
                ReaderOpened = now;
            }

            await Task.Delay(10, stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
