using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SmartHomeCam.WebRtc.Dtls;
using SmartHomeCam.WebRtc.Ice;
using SmartHomeCam.WebRtc.Receive;

namespace SmartHomeCam.Benchmarks;

/// <summary>
/// The same receive-only viewers for every sender of <c>bench/run webrtc-density</c>: our WebRTC stack's receive side
/// (the one the Nest WebRTC source uses), each viewer with its own UDP socket, ICE as the controlling agent, DTLS,
/// SRTP, H.264 reassembly into access units, receiver reports. Each makes a video-only recvonly offer, hands it to
/// the sender's signalling, applies the answer and counts what arrives.
/// </summary>
public sealed class WebRtcViewerFleet : IAsyncDisposable
{
    private const int Attempts = 3;
    private readonly DtlsCertificate certificate = DtlsCertificate.Generate();
    private readonly List<Viewer> viewers = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly WebRtcReceiverOptions options;

    public WebRtcViewerFleet(IPAddress address)
    {
        // Key frames only at the start and after a loss (a periodic PLI would cost our sender a GOP replay that
        // webrtcbin, which ignores PLI on a file, never pays).
        options = new WebRtcReceiverOptions
        {
            Ice = new IceControllingAgentOptions { HostAddresses = [address], ConnectTimeout = TimeSpan.FromSeconds(30) },
            KeyframeInterval = TimeSpan.Zero,
            MediaTimeout = TimeSpan.FromMinutes(10),
        };
    }

    public int Count => viewers.Count;

    /// <summary>Viewers that did not connect in <see cref="Attempts"/> tries.</summary>
    public int Failed { get; private set; }

    /// <summary>Connection attempts that failed (ICE/DTLS under a loaded machine) and were made again.</summary>
    public int Retries { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>The machine's first IPv4 address that is not loopback (libnice leaves loopback out), else loopback.</summary>
    public static IPAddress HostAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a) && a.GetAddressBytes()[0] != 169)
        ?? IPAddress.Loopback;

    /// <summary>
    /// Adds <paramref name="count"/> viewers, <paramref name="parallel"/> connecting at a time; <paramref name="signal"/>
    /// takes an offer and returns the sender's answer.
    /// </summary>
    public async Task AddAsync(int count, Func<string, CancellationToken, Task<string>> signal, int parallel = 2)
    {
        using var gate = new SemaphoreSlim(parallel);
        var tasks = Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                for (var attempt = 1; attempt <= Attempts; attempt++)
                {
                    var receiver = new WebRtcReceiver(options, certificate, NullLogger.Instance);
                    try
                    {
                        var answer = await signal(VideoOnly(receiver.CreateOffer()), stopping.Token);
                        await receiver.ConnectAsync(answer, stopping.Token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        await receiver.DisposeAsync();
                        lock (viewers)
                        {
                            Retries++;
                            LastError = e.Message;
                        }

                        continue;
                    }

                    lock (viewers)
                    {
                        viewers.Add(new Viewer(receiver, Task.Run(() => DrainAsync(receiver))));
                    }

                    return;
                }

                lock (viewers)
                {
                    Failed++;
                }
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
    }

    /// <summary>Per viewer: RTP packets and access units received so far, packets lost, PLIs sent.</summary>
    public List<(long Packets, long Frames, long Lost, long Plis)> Snapshot()
    {
        lock (viewers)
        {
            return viewers.Select(v => (v.Receiver.PacketsReceived, v.Receiver.FramesReceived, v.Receiver.LostPackets, v.Receiver.PlisSent)).ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        foreach (var viewer in viewers)
        {
            await viewer.Receiver.DisposeAsync();
            await viewer.Drain.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        stopping.Dispose();
    }

    /// <summary>
    /// The offer with only its video section (mid 1) in the BUNDLE: both senders stream video only (our RTSP camera
    /// has no Opus; webrtcbin would otherwise open an SCTP association for the data channel nobody here uses).
    /// </summary>
    public static string VideoOnly(string offer)
    {
        var sections = offer.Split("\r\nm=");
        var session = sections[0].Replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 1", StringComparison.Ordinal);
        var video = sections.Skip(1).Single(s => s.StartsWith("video ", StringComparison.Ordinal));
        return session + "\r\nm=" + video.TrimEnd('\r', '\n') + "\r\n";
    }

    private async Task DrainAsync(WebRtcReceiver receiver)
    {
        try
        {
            await foreach (var frame in receiver.ReadAsync(stopping.Token))
            {
                // counted by the receiver; reading keeps its queue from filling
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebRtcReceiveException)
        {
            // stopped, or the sender went quiet (shows as no packets)
        }
    }

    private sealed record Viewer(WebRtcReceiver Receiver, Task Drain);
}
