using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SmartHomeCam.WebRtc.Stun;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>
/// The controlling ICE agent of a receive-only peer (RFC 8445), on one UDP socket of its own. It checks every UDP
/// candidate of the answer with USE-CANDIDATE (aggressive nomination: Google's ICE-lite peer only answers, §6.1.3.1),
/// selects the first pair whose check succeeds, answers the peer's own checks (a full-ICE peer sends them), and keeps
/// consent fresh while streaming (RFC 7675). Every non-STUN packet from the selected peer goes to <see cref="PacketReceived"/>.
/// </summary>
public sealed partial class IceControllingAgent : IAsyncDisposable
{
    private const int MaxPending = 64;
    private readonly Socket socket;
    private readonly IceControllingAgentOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly byte[] localPassword;
    private readonly ulong tieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private readonly ConcurrentDictionary<UInt128, bool> pending = new();
    private readonly TaskCompletionSource<IPEndPoint> selected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock sendGate = new();
    private Task? receiveLoop;
    private Task? checkLoop;
    private byte[] remotePassword = [];
    private string remoteUsername = "";
    private SocketAddress? selectedAddress;
    private long lastConsentTicks;
    private int disposed;

    public IceControllingAgent(IceControllingAgentOptions options, ILogger logger, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.logger = logger;
        this.clock = clock ?? TimeProvider.System;
        var credentials = IceCredentials.Create();
        LocalUfrag = credentials.Ufrag;
        LocalPassword = credentials.Password;
        localPassword = Encoding.UTF8.GetBytes(LocalPassword);
        var hosts = Gather(options.HostAddresses);
        var bindTo = hosts.Count == 1 ? hosts[0] : IPAddress.Any;
        socket = new Socket(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(bindTo, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        Candidates = [.. hosts.Select(a => new IPEndPoint(a, port))];
    }

    public string LocalUfrag { get; }

    public string LocalPassword { get; }

    /// <summary>Our host candidates (one socket, every configured interface), all known before the offer is sent.</summary>
    public IReadOnlyList<IPEndPoint> Candidates { get; }

    /// <summary>DTLS, SRTP and SRTCP from the selected remote; the span is valid only during the call.</summary>
    public Action<ReadOnlyMemory<byte>>? PacketReceived { get; set; }

    /// <summary>The remote address of the nominated pair, once connected.</summary>
    public IPEndPoint? SelectedRemote => selected.Task.IsCompletedSuccessfully ? selected.Task.Result : null;

    /// <summary>Completes when consent is lost (RFC 7675 §5.1) after the connection was up.</summary>
    public Task ConsentLost => lost.Task;

    /// <summary>Checks sent and peer checks answered (tests read them).</summary>
    public int ChecksSent { get; private set; }

    public int ChecksAnswered { get; private set; }

    /// <summary>Checks every remote candidate until one succeeds; returns the selected remote address.</summary>
    public async Task<IPEndPoint> ConnectAsync(string remoteUfrag, string remotePasswordText, IReadOnlyList<IPEndPoint> remotes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remotes);
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        remoteUsername = remoteUfrag + ":" + LocalUfrag; // RFC 8445 §7.2.2: the receiver's ufrag first
        remotePassword = Encoding.UTF8.GetBytes(remotePasswordText);
        var usable = remotes.Where(r => r.AddressFamily == socket.AddressFamily || socket.AddressFamily == AddressFamily.InterNetworkV6).ToList();
        if (usable.Count == 0)
        {
            throw new IceControllingAgentException("No remote candidate is reachable from our address family.");
        }

        receiveLoop ??= Task.Run(ReceiveLoopAsync, CancellationToken.None);
        checkLoop = Task.Run(() => CheckLoopAsync(usable), CancellationToken.None);
        try
        {
            return await selected.Task.WaitAsync(options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new IceControllingAgentException($"No connectivity check to {string.Join(", ", usable)} succeeded within {options.ConnectTimeout.TotalSeconds:0.#} s.", e);
        }
    }

    /// <summary>Sends one packet to the selected remote (nothing before a pair is selected, nothing after consent is lost).</summary>
    public void Send(ReadOnlySpan<byte> packet)
    {
        var to = selectedAddress;
        if (to is null || lost.Task.IsCompleted || disposed != 0)
        {
            return;
        }

        try
        {
            lock (sendGate)
            {
                socket.SendTo(packet, SocketFlags.None, to);
            }
        }
        catch (SocketException e)
        {
            LogSendFailed(logger, e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // closing
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        socket.Dispose();
        selected.TrySetCanceled();
        foreach (var loop in new[] { receiveLoop, checkLoop })
        {
            if (loop is not null)
            {
                await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        stopping.Dispose();
    }

    /// <summary>Writes a binding request as the controlling agent (RFC 8445 §7.1.1, §7.2.2); returns its length.</summary>
    internal int WriteCheck(Span<byte> buffer, Span<byte> transactionId, bool nominate)
    {
        RandomNumberGenerator.Fill(transactionId);
        var writer = new StunWriter(buffer, StunConstants.BindingRequest, transactionId);
        writer.Add(StunConstants.Username, Encoding.UTF8.GetBytes(remoteUsername));
        // PRIORITY: what a peer-reflexive candidate of ours would get (type preference 110, §5.1.2.2).
        writer.AddUInt32(StunConstants.Priority, (110u << 24) | (65535u << 8) | 255u);
        writer.AddUInt64(StunConstants.IceControlling, tieBreaker);
        if (nominate)
        {
            writer.Add(StunConstants.UseCandidate, []);
        }

        writer.AddMessageIntegrity(remotePassword);
        writer.AddFingerprint();
        return writer.Length;
    }

    private async Task CheckLoopAsync(List<IPEndPoint> remotes)
    {
        var buffer = new byte[256];
        var id = new byte[12];
        var addresses = remotes.Select(r => r.Serialize()).ToList();
        try
        {
            // Connecting: every candidate, every CheckInterval, until one answers.
            while (!selected.Task.IsCompleted && !stopping.IsCancellationRequested)
            {
                foreach (var address in addresses)
                {
                    SendCheck(buffer, id, address, nominate: true);
                }

                await Task.Delay(options.CheckInterval, clock, stopping.Token).ConfigureAwait(false);
            }

            // Streaming: consent checks to the selected pair (RFC 7675 §5.1), randomised so peers do not beat in step.
            while (!stopping.IsCancellationRequested)
            {
                var jitter = 0.8 + (0.4 * Random.Shared.NextDouble());
                await Task.Delay(options.ConsentInterval * jitter, clock, stopping.Token).ConfigureAwait(false);
                var sinceConsent = clock.GetElapsedTime(Volatile.Read(ref lastConsentTicks));
                if (sinceConsent > options.ConsentTimeout)
                {
                    LogConsentLost(logger, (int)sinceConsent.TotalSeconds);
                    lost.TrySetResult();
                    return;
                }

                SendCheck(buffer, id, selectedAddress!, nominate: false);
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    private void SendCheck(byte[] buffer, byte[] id, SocketAddress to, bool nominate)
    {
        var length = WriteCheck(buffer, id, nominate);
        if (pending.Count >= MaxPending)
        {
            pending.Clear(); // answers that never came; a late one is then ignored, which only costs a retry
        }

        pending[Key(id)] = nominate;
        try
        {
            lock (sendGate)
            {
                socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, to);
            }

            ChecksSent++;
        }
        catch (SocketException e)
        {
            LogSendFailed(logger, e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // closing
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[2048];
        var from = new SocketAddress(socket.AddressFamily);
        while (!stopping.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable and the like
            }

            try
            {
                Dispatch(buffer.AsMemory(0, length), from);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A malformed packet drops that packet, never the session.
                LogDropped(logger, e.Message);
            }
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> packet, SocketAddress from)
    {
        var span = packet.Span;
        if (span.IsEmpty)
        {
            return;
        }

        if (span[0] < 4)
        {
            if (StunMessage.TryParse(span, out var message))
            {
                HandleStun(message, from);
            }

            return;
        }

        if (selectedAddress is { } chosen && chosen.Equals(from))
        {
            PacketReceived?.Invoke(packet);
        }
    }

    private void HandleStun(StunMessage message, SocketAddress from)
    {
        switch (message.Type)
        {
            case StunConstants.BindingRequest:
                AnswerCheck(message, from);
                break;
            case StunConstants.BindingSuccess:
                if (!pending.TryRemove(Key(message.TransactionId), out var nominated)
                    || !message.VerifyIntegrity(remotePassword)
                    || (message.Has(StunConstants.Fingerprint) && !message.VerifyFingerprint()))
                {
                    return; // not ours, or forged (RFC 8489 §9.1.3: discard silently)
                }

                Volatile.Write(ref lastConsentTicks, clock.GetTimestamp());
                if (nominated && selectedAddress is null)
                {
                    var address = new SocketAddress(from.Family, from.Size);
                    from.Buffer.Span.CopyTo(address.Buffer.Span);
                    selectedAddress = address;
                    var remote = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(address);
                    LogSelected(logger, remote.ToString());
                    selected.TrySetResult(remote);
                }

                break;
            case StunConstants.BindingError:
                pending.TryRemove(Key(message.TransactionId), out _);
                break;
        }
    }

    /// <summary>A full-ICE peer checks us too (RFC 8445 §7.3): answer with its address, keyed with our password.</summary>
    private void AnswerCheck(StunMessage message, SocketAddress from)
    {
        var username = message.Username;
        if (username is null || !username.StartsWith(LocalUfrag + ":", StringComparison.Ordinal)
            || !message.VerifyIntegrity(localPassword)
            || (message.Has(StunConstants.Fingerprint) && !message.VerifyFingerprint()))
        {
            return;
        }

        Span<byte> response = stackalloc byte[128];
        var writer = new StunWriter(response, StunConstants.BindingSuccess, message.TransactionId);
        writer.AddXorMappedAddress((IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(from));
        writer.AddMessageIntegrity(localPassword);
        writer.AddFingerprint();
        try
        {
            lock (sendGate)
            {
                socket.SendTo(writer.Written, SocketFlags.None, from);
            }

            ChecksAnswered++;
        }
        catch (SocketException e)
        {
            LogSendFailed(logger, e.SocketErrorCode);
        }
    }

    private static UInt128 Key(ReadOnlySpan<byte> transactionId)
    {
        Span<byte> padded = stackalloc byte[16];
        transactionId.CopyTo(padded);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(padded);
    }

    private static List<IPAddress> Gather(IReadOnlyList<IPAddress> configured)
    {
        if (configured.Count > 0)
        {
            return [.. configured.Distinct()];
        }

        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !(a.GetAddressBytes() is [169, 254, ..]))
            .Distinct()
            .OrderBy(IPAddress.IsLoopback) // loopback last: it only reaches a peer on this host
            .ToList();
        return addresses.Count > 0 ? addresses : [IPAddress.Loopback];
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "ICE: sending failed ({Error}).")]
    private static partial void LogSendFailed(ILogger logger, SocketError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ICE: dropped a packet: {Reason}")]
    private static partial void LogDropped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ICE: nominated the pair to {Remote}.")]
    private static partial void LogSelected(ILogger logger, string remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "ICE: consent lost, no check answered for {Seconds} s (RFC 7675).")]
    private static partial void LogConsentLost(ILogger logger, int seconds);
}
