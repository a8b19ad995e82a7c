using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace SmartHomeCam.Rtsp.Protocol;

/// <summary>Receives one interleaved RTP/RTCP frame; the span is valid only during the call.</summary>
internal delegate void InterleavedHandler(int channel, ReadOnlySpan<byte> data);

/// <summary>
/// One RTSP control connection (TCP, or TLS for <c>rtsps://</c>): writes requests one at a time, and a single
/// read loop that hands responses to the waiting request and interleaved frames (RFC 2326 §10.12) to
/// <see cref="Interleaved"/>. Requests the server sends us (OPTIONS as keep-alive probe) get a minimal answer.
/// </summary>
internal sealed class RtspConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private int _disposed;
    /// <summary>Room for the largest message the parser accepts (a full header section and body).</summary>
    internal const int MaxReadBuffer = RtspMessageParser.MaxHeaderBytes + RtspMessageParser.MaxBodyBytes + 1024;

    /// <summary>
    /// Start with room for one whole interleaved frame (4 + 65535 bytes) and a read's worth of the next; grown
    /// only when a message does not fit (a large DESCRIBE body), up to <see cref="MaxReadBuffer"/>.
    /// </summary>
    internal const int InitialReadBuffer = 80 * 1024;

    private byte[] _readBuffer = new byte[InitialReadBuffer];
    private readonly Task _readLoop;
    private TaskCompletionSource<RtspResponse>? _pending;
    private int _pendingCSeq;

    private RtspConnection(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public InterleavedHandler? Interleaved { get; set; }

    /// <summary>The server's address (where UDP media comes from and our RTCP goes).</summary>
    public System.Net.IPAddress? RemoteAddress =>
        (_tcp.Client.RemoteEndPoint as System.Net.IPEndPoint)?.Address is { } address && address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
        : (_tcp.Client.RemoteEndPoint as System.Net.IPEndPoint)?.Address;

    /// <summary>Completes when the server closes the connection or it fails.</summary>
    public Task Completion => _readLoop;

    public static async Task<RtspConnection> ConnectAsync(Uri url, RtspSourceOptions options, CancellationToken cancellationToken)
    {
        var secure = url.Scheme.Equals("rtsps", StringComparison.OrdinalIgnoreCase);
        var port = url.Port > 0 ? url.Port : secure ? 322 : 554;
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            try
            {
                await tcp.ConnectAsync(url.IdnHost, port, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No TCP connection to {url.IdnHost}:{port} within {options.ConnectTimeout.TotalSeconds:0.#} s");
            }

            Stream stream = tcp.GetStream();
            if (secure)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = url.IdnHost,
                        RemoteCertificateValidationCallback = options.ServerCertificateValidation,
                    },
                    timeout.Token).ConfigureAwait(false);
                stream = ssl;
            }

            return new RtspConnection(tcp, stream);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends one request and waits for its response (or the timeout).</summary>
    public async Task<RtspResponse> SendAsync(string method, string uri, int cseq, IEnumerable<KeyValuePair<string, string>> headers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(256);
        text.Append(CultureInfo.InvariantCulture, $"{method} {uri} RTSP/1.0\r\nCSeq: {cseq}\r\n");
        foreach (var (name, value) in headers)
        {
            if (name.Contains('\n', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                throw new ArgumentException("Header injection", nameof(headers));
            }

            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        text.Append("\r\n");
        var waiter = new TaskCompletionSource<RtspResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingCSeq = cseq;
        Volatile.Write(ref _pending, waiter);
        if (_readLoop.IsCompleted)
        {
            throw new IOException("The RTSP connection is closed");
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), timer.Token).ConfigureAwait(false);
            return await waiter.Task.WaitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer to RTSP {method} within {timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            Interlocked.CompareExchange(ref _pending, null, waiter);
        }
    }

    /// <summary>Sends an interleaved frame (our RTCP over TCP).</summary>
    public async Task SendInterleavedAsync(int channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var frame = new byte[4 + data.Length];
        frame[0] = (byte)'$';
        frame[1] = (byte)channel;
        frame[2] = (byte)(data.Length >> 8);
        frame[3] = (byte)data.Length;
        data.Span.CopyTo(frame.AsSpan(4));
        await WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        _tcp.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // the loop ends with the socket; its failure is no news here
        }

        _closing.Dispose();
        _writeLock.Dispose();
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var filled = 0;
        Exception? failure = null;
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(_readBuffer.AsMemory(filled), _closing.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                var start = Dispatch(_readBuffer.AsSpan(0, filled));
                if (start > 0)
                {
                    _readBuffer.AsSpan(start, filled - start).CopyTo(_readBuffer);
                    filled -= start;
                }
                else if (filled == _readBuffer.Length)
                {
                    Grow();
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException or RtspProtocolException)
        {
            failure = e;
        }

        var pending = Interlocked.Exchange(ref _pending, null);
        pending?.TrySetException(failure is RtspProtocolException ? failure : new IOException("The RTSP server closed the connection", failure));
        if (failure is RtspProtocolException)
        {
            throw failure;
        }
    }

    /// <summary>A message larger than the buffer: double it (the parser's caps end a message before the maximum).</summary>
    private void Grow()
    {
        if (_readBuffer.Length >= MaxReadBuffer)
        {
            throw new RtspProtocolException($"RTSP message longer than {MaxReadBuffer} bytes");
        }

        var larger = new byte[Math.Min(_readBuffer.Length * 2, MaxReadBuffer)];
        _readBuffer.CopyTo(larger, 0);
        _readBuffer = larger;
    }

    /// <summary>Handles every whole message in <paramref name="data"/>; returns the bytes consumed.</summary>
    private int Dispatch(ReadOnlySpan<byte> data)
    {
        var start = 0;
        while (true)
        {
            var kind = RtspMessageParser.Peek(data[start..], out var consumed, out var channel, out var message, out var requestLine);
            switch (kind)
            {
                case RtspMessageParser.Kind.NeedMore:
                    return start;
                case RtspMessageParser.Kind.Interleaved:
                    Interleaved?.Invoke(channel, data.Slice(start + 4, consumed - 4));
                    break;
                case RtspMessageParser.Kind.Response:
                    var pending = Volatile.Read(ref _pending);
                    if (pending is not null && (message!.CSeq is null || message.CSeq == _pendingCSeq))
                    {
                        pending.TrySetResult(message!);
                    }

                    break;
                case RtspMessageParser.Kind.Request:
                    AnswerServerRequest(requestLine!, message!);
                    break;
            }

            start += consumed;
        }
    }

    private void AnswerServerRequest(string requestLine, RtspResponse request)
    {
        var method = requestLine.Split(' ', 2)[0];
        var status = method is "OPTIONS" or "GET_PARAMETER" or "SET_PARAMETER" ? "200 OK" : "501 Not Implemented";
        var answer = Encoding.UTF8.GetBytes($"RTSP/1.0 {status}\r\nCSeq: {request.CSeq ?? 0}\r\n\r\n");
        _ = WriteAsync(answer, _closing.Token).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
    }
}
