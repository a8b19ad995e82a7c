using System.Globalization;

namespace SmartHomeCam.Transcoding.Tests;

/// <summary>
/// Polls a stream's media playlist and records when each segment first appeared, so a playback test can tell a
/// player that fell behind from a transcoder that (on a starved machine) produced less than real time.
/// </summary>
internal sealed class LiveEdgeWatcher : IAsyncDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Uri playlist;
    private readonly CancellationTokenSource stop = new();
    private readonly List<(DateTime Seen, double Duration)> appeared = [];
    private readonly HashSet<long> known = [];
    private readonly Task loop;

    public LiveEdgeWatcher(Uri multivariant)
    {
        playlist = new Uri(multivariant, "live.m3u8");
        loop = Task.Run(PollAsync);
    }

    /// <summary>Seconds of media that appeared in the playlist during the last <paramref name="window"/>.</summary>
    public double ProducedDuring(TimeSpan window)
    {
        var since = DateTime.UtcNow - window;
        lock (appeared)
        {
            return appeared.Where(a => a.Seen >= since).Sum(a => a.Duration);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        http.Dispose();
        stop.Dispose();
    }

    private async Task PollAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                Record(await http.GetStringAsync(playlist, stop.Token));
                await Task.Delay(200, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // not there yet, or the session is starting: try again
            }
        }
    }

    private void Record(string text)
    {
        var now = DateTime.UtcNow;
        long sequence = 0;
        double duration = 0;
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))
            {
                sequence = long.Parse(line["#EXT-X-MEDIA-SEQUENCE:".Length..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                duration = double.Parse(line["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture);
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                lock (appeared)
                {
                    if (known.Add(sequence))
                    {
                        appeared.Add((now, duration));
                    }
                }

                sequence++;
            }
        }
    }
}
