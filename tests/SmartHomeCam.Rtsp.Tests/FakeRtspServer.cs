using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmartHomeCam.Media.Rtcp;
using SmartHomeCam.Media.Rtp;

namespace SmartHomeCam.Rtsp.Tests;

/// <summary>
/// A small socket-level RTSP server written for these tests: serves a synthetic H.264 stream (25 fps, IDR every
/// second) over UDP or interleaved TCP, sends RTCP SRs, and records what our client does: the requests, each RTCP
/// RR with its arrival time, TEARDOWN. Knobs make it drop packets, stop answering, redirect, ask for Basic auth,
/// offer H.265, or inject garbage.
/// </summary>
internal sealed class FakeRtspServer : IAsyncDisposable
{
    public const uint ServerSsrc = 0x5EED5EED;
    private const string Sps = "Z0LADdkBQfsBEAAAAwAQAAADAyDxQqSA";
    private const string Pps = "aMuDyyA=";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private readonly Lock _sentSrLock = new();
    private readonly List<ulong> _sentSrNtp = [];

    public FakeRtspServer()
    {
        _listener.Start();
        _tasks.Add(Task.Run(AcceptLoopAsync));
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Url => new($"rtsp://127.0.0.1:{Port}/test");

    public string VideoEncoding { get; init; } = "H264";

    public int SessionTimeoutSeconds { get; init; } = 60;

    /// <summary>Sequence numbers for which this returns true are never sent.</summary>
    public Func<ushort, bool> Drop { get; init; } = _ => false;

    public TimeSpan SenderReportInterval { get; init; } = TimeSpan.FromMilliseconds(700);

    /// <summary>Every Nth frame is preceded by a packet of garbage.</summary>
    public int GarbageEvery { get; init; }

    /// <summary>"user:password" to demand Basic auth.</summary>
    public string? BasicCredentials { get; init; }

    /// <summary>When set, requests for /old are redirected here.</summary>
    public bool RedirectOld { get; init; }

    public bool ListGetParameter { get; init; } = true;

    /// <summary>Bytes of extra session-level attributes in the DESCRIBE answer (a large body).</summary>
    public int SdpPadding { get; init; }

    /// <summary>After this is set, requests are read and recorded but never answered.</summary>
    public volatile bool StopAnswering;

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<(DateTime At, RtcpReportBlock[] Blocks)> ReceiverReports { get; } = new();

    public int Count(string method) => Requests.Count(r => r == method);

    /// <summary>Compact NTP (LSR form) of every SR sent.</summary>
    public IReadOnlyList<uint> SentLsrs
    {
        get
        {
            lock (_sentSrLock)
            {
                return _sentSrNtp.Select(n => (uint)(n >> 16)).ToList();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await Task.WhenAll(_tasks).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException or TimeoutException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_tasks)
            {
                _tasks.Add(Task.Run(() => ServeAsync(client)));
            }
        }
    }

    private sealed class Session
    {
        public bool Tcp { get; set; }

        public int ClientRtpPort { get; set; }

        public Socket? Rtp { get; set; }

        public Socket? Rtcp { get; set; }

        public SemaphoreSlim WriteLock { get; } = new(1, 1);

        public Task? Sender { get; set; }

        public CancellationTokenSource Playing { get; } = new();
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var session = new Session();
        var buffer = new byte[65536];
        var filled = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                while (filled > 0)
                {
                    int consumed;
                    if (buffer[0] == (byte)'$')
                    {
                        if (filled < 4 || filled < 4 + BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)))
                        {
                            break;
                        }

                        var length = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2));
                        if (buffer[1] == 1)
                        {
                            RecordRtcp(buffer.AsSpan(4, length));
                        }

                        consumed = 4 + length;
                    }
                    else
                    {
                        var text = Encoding.ASCII.GetString(buffer, 0, filled);
                        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                        if (end < 0)
                        {
                            break;
                        }

                        consumed = end + 4;
                        await HandleRequestAsync(text[..end], stream, session);
                    }

                    Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                    filled -= consumed;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            await session.Playing.CancelAsync();
            if (session.Sender is not null)
            {
                await session.Sender.ContinueWith(_ => { }, TaskScheduler.Default);
            }

            session.Rtp?.Dispose();
            session.Rtcp?.Dispose();
        }
    }

    private async Task HandleRequestAsync(string head, NetworkStream stream, Session session)
    {
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        var method = parts[0];
        var uri = parts.Length > 1 ? parts[1] : "";
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var cseq = headers.GetValueOrDefault("CSeq") ?? "0";
        Requests.Enqueue(method);
        if (StopAnswering)
        {
            return;
        }

        if (BasicCredentials is not null &&
            headers.GetValueOrDefault("Authorization") != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(BasicCredentials)))
        {
            await WriteAsync(stream, session, $"RTSP/1.0 401 Unauthorized\r\nCSeq: {cseq}\r\nWWW-Authenticate: Basic realm=\"fake\"\r\n\r\n");
            return;
        }

        if (RedirectOld && uri.EndsWith("/old", StringComparison.Ordinal))
        {
            await WriteAsync(stream, session, $"RTSP/1.0 302 Moved\r\nCSeq: {cseq}\r\nLocation: rtsp://127.0.0.1:{Port}/test\r\n\r\n");
            return;
        }

        var sessionHeader = $"Session: 4711;timeout={SessionTimeoutSeconds}\r\n";
        switch (method)
        {
            case "OPTIONS":
                var methods = ListGetParameter ? "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER" : "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN";
                await WriteAsync(stream, session, $"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\nPublic: {methods}\r\n\r\n");
                break;
            case "DESCRIBE":
                var padding = string.Concat(Enumerable.Range(0, SdpPadding / 100).Select(i => $"a=x-padding:{i:D8}{new string('p', 84)}\r\n"));
                var sdp = $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=fake\r\nt=0 0\r\n{padding}a=control:*\r\nm=video 0 RTP/AVP 96\r\n" +
                          $"a=rtpmap:96 {VideoEncoding}/90000\r\na=fmtp:96 packetization-mode=1;sprop-parameter-sets={Sps},{Pps}\r\na=control:trackID=0\r\n";
                await WriteAsync(stream, session, $"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\nContent-Base: rtsp://127.0.0.1:{Port}/test/\r\nContent-Type: application/sdp\r\nContent-Length: {Encoding.ASCII.GetByteCount(sdp)}\r\n\r\n{sdp}");
                break;
            case "SETUP":
                var transport = headers.GetValueOrDefault("Transport") ?? "";
                string answer;
                if (transport.Contains("TCP", StringComparison.Ordinal))
                {
                    session.Tcp = true;
                    answer = "RTP/AVP/TCP;unicast;interleaved=0-1";
                }
                else
                {
                    var ports = transport.Split(';').First(p => p.StartsWith("client_port=", StringComparison.Ordinal))["client_port=".Length..].Split('-');
                    session.ClientRtpPort = int.Parse(ports[0], CultureInfo.InvariantCulture);
                    session.Rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    session.Rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    session.Rtcp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    session.Rtcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    var rtpPort = ((IPEndPoint)session.Rtp.LocalEndPoint!).Port;
                    var rtcpPort = ((IPEndPoint)session.Rtcp.LocalEndPoint!).Port;
                    answer = $"RTP/AVP;unicast;client_port={ports[0]}-{ports[1]};server_port={rtpPort}-{rtcpPort}";
                    lock (_tasks)
                    {
                        _tasks.Add(Task.Run(() => ReceiveRtcpAsync(session.Rtcp)));
                    }
                }

                await WriteAsync(stream, session, $"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n{sessionHeader}Transport: {answer}\r\n\r\n");
                break;
            case "PLAY":
                await WriteAsync(stream, session, $"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n{sessionHeader}\r\n");
                session.Sender = Task.Run(() => SendMediaAsync(stream, session));
                break;
            case "TEARDOWN":
                await session.Playing.CancelAsync();
                await WriteAsync(stream, session, $"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n\r\n");
                break;
            default:
                await WriteAsync(stream, session, $"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n{sessionHeader}\r\n");
                break;
        }
    }

    private static async Task WriteAsync(NetworkStream stream, Session session, string text) =>
        await WriteAsync(stream, session, Encoding.ASCII.GetBytes(text));

    private static async Task WriteAsync(NetworkStream stream, Session session, byte[] data)
    {
        await session.WriteLock.WaitAsync();
        try
        {
            await stream.WriteAsync(data);
        }
        finally
        {
            session.WriteLock.Release();
        }
    }

    private async Task SendMediaAsync(NetworkStream stream, Session session)
    {
        var token = session.Playing.Token;
        ushort seq = 1000;
        uint timestamp = 0xFFFF0000; // wraps within the first minute at 90 kHz
        var nextSr = DateTime.UtcNow;
        var client = new IPEndPoint(IPAddress.Loopback, session.ClientRtpPort);
        var clientRtcp = new IPEndPoint(IPAddress.Loopback, session.ClientRtpPort + 1);
        var random = new Random(5);
        for (var frame = 0; !token.IsCancellationRequested; frame++)
        {
            var nal = new byte[frame % 25 == 0 ? 600 : 150];
            nal[0] = (byte)(frame % 25 == 0 ? 0x65 : 0x41);
            random.NextBytes(nal.AsSpan(1));
            var packet = new byte[RtpPacket.HeaderLength + nal.Length];
            RtpPacket.WriteHeader(packet, marker: true, 96, seq, timestamp, ServerSsrc);
            nal.CopyTo(packet, RtpPacket.HeaderLength);
            try
            {
                if (GarbageEvery > 0 && frame % GarbageEvery == 1)
                {
                    var garbage = new byte[random.Next(1, 40)];
                    random.NextBytes(garbage);
                    await SendAsync(stream, session, 0, garbage, client, token);
                }

                if (!Drop(seq))
                {
                    await SendAsync(stream, session, 0, packet, client, token);
                }

                if (DateTime.UtcNow >= nextSr)
                {
                    nextSr = DateTime.UtcNow + SenderReportInterval;
                    var ntp = ToNtp(DateTime.UtcNow);
                    lock (_sentSrLock)
                    {
                        _sentSrNtp.Add(ntp);
                    }

                    var sr = new byte[RtcpSenderReport.Length];
                    new RtcpSenderReport(ServerSsrc, ntp, timestamp, (uint)frame, 0).Write(sr);
                    await SendAsync(stream, session, 1, sr, clientRtcp, token);
                }

                await Task.Delay(40, token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                return;
            }

            seq++;
            timestamp += 3600;
        }
    }

    private static async Task SendAsync(NetworkStream stream, Session session, int channel, byte[] data, IPEndPoint to, CancellationToken token)
    {
        if (session.Tcp)
        {
            var frame = new byte[4 + data.Length];
            frame[0] = (byte)'$';
            frame[1] = (byte)channel;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)data.Length);
            data.CopyTo(frame, 4);
            await WriteAsync(stream, session, frame);
        }
        else
        {
            var socket = channel == 0 ? session.Rtp! : session.Rtcp!;
            await socket.SendToAsync(data, SocketFlags.None, to, token);
        }
    }

    private async Task ReceiveRtcpAsync(Socket socket)
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                RecordRtcp(buffer.AsSpan(0, result.ReceivedBytes));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private void RecordRtcp(ReadOnlySpan<byte> data)
    {
        var reader = new RtcpCompoundReader(data);
        while (reader.MoveNext())
        {
            if (RtcpReceiverReport.TryParse(reader.Packet, out _, out var blocks))
            {
                ReceiverReports.Enqueue((DateTime.UtcNow, blocks));
            }
        }
    }

    private static ulong ToNtp(DateTime utc)
    {
        var seconds = (utc - new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        return (ulong)(seconds * 4294967296.0);
    }
}
