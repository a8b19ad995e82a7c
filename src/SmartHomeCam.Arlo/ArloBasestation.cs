using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Arlo.Protocol;

namespace SmartHomeCam.Arlo;

/// <summary>
/// The basestation's listener (spec §1): cameras connect to port 4000 (audio doorbells 4100), send one framed
/// message, get one reply echoing its <c>ID</c>, and the base closes. Ack first, then act. Garbage, oversized
/// frames, slow peers and early EOF cost only their own connection.
/// </summary>
public sealed class ArloBasestation(IOptions<ArloOptions> options, ArloInboundHandler handler, ILogger<ArloBasestation> logger) : IAsyncDisposable
{
    private static readonly HashSet<string> KnownTypes =
        [ArloMessages.Registration, ArloMessages.Status, ArloMessages.Alert, ArloMessages.LogMessage];

    private readonly List<TcpListener> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private SemaphoreSlim? _slots;
    private int _disposed;

    /// <summary>The ports actually bound (port 0 in tests picks free ones).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => [.. _listeners.Select(l => (IPEndPoint)l.LocalEndpoint)];

    public bool Running => _listeners.Count > 0;

    public Task StartAsync()
    {
        var o = options.Value;
        if (Running)
        {
            return Task.CompletedTask;
        }

        var address = IPAddress.Parse(o.BindAddress);
        _slots = new SemaphoreSlim(Math.Max(1, o.MaxConcurrentConnections));
        // Port 0 picks a free port (tests); the doorbell port only when set.
        int[] ports = o.DoorbellPort > 0 && o.DoorbellPort != o.Port ? [o.Port, o.DoorbellPort] : [o.Port];
        foreach (var port in ports)
        {
            var listener = new TcpListener(address, port);
            listener.Start();
            _listeners.Add(listener);
            _loops.Add(AcceptAsync(listener));
            logger.LogInformation("Arlo basestation listening on {Endpoint}", listener.LocalEndpoint);
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return; // the provider stops it, then the container disposes it
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
        _listeners.Clear();
        _stop.Dispose();
        _slots?.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _slots!.WaitAsync(_stop.Token).ConfigureAwait(false);
                var client = await listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                _ = ServeAsync(client);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _slots!.Release();
                logger.LogWarning("Arlo basestation accept failed: {Error}", ex.SocketErrorCode);
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var o = options.Value;
        var remote = (IPEndPoint)client.Client.RemoteEndPoint!;
        JsonObject? message = null;
        try
        {
            using (client)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(o.InboundTimeout);
                var stream = client.GetStream();
                message = await ArloFrameReader.ReadAsync(stream, o.MaxMessageBytes, timeout.Token).ConfigureAwait(false);
                if (message is null)
                {
                    return; // connected and closed without a message
                }

                var reply = ReplyTo(message);
                await stream.WriteAsync(ArloFrame.Encode(reply), timeout.Token).ConfigureAwait(false);
                if (ArloMessages.Text(reply, "Response") == ArloMessages.Nack)
                {
                    message = null;
                }
            }
        }
        catch (ArloProtocolException ex)
        {
            logger.LogDebug("Arlo basestation dropped a connection from {Remote}: {Reason}", remote.Address, ex.Message);
            message = null;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            logger.LogDebug("Arlo basestation connection from {Remote} ended early: {Error}", remote.Address, ex.GetType().Name);
            message = null;
        }
        finally
        {
            _slots?.Release();
        }

        if (message is not null)
        {
            try
            {
                await handler.HandleAsync(message, remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Arlo {Type} from {Remote} could not be processed", ArloMessages.TypeOf(message), remote.Address);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Ack known types, "Ack with Errors" when their payload is unusable, Nack unknown types (PR #28 codes).</summary>
    internal static JsonObject ReplyTo(JsonObject message)
    {
        var id = message["ID"];
        var type = ArloMessages.TypeOf(message);
        if (type is null || !KnownTypes.Contains(type))
        {
            return ArloMessages.Reply(id, ArloMessages.Nack);
        }

        var errors = new List<string>();
        if (type == ArloMessages.Registration && string.IsNullOrWhiteSpace(ArloMessages.Text(message, "SystemSerialNumber")))
        {
            errors.Add("Missing SystemSerialNumber");
        }

        if (type == ArloMessages.Alert && ArloMessages.Text(message, "AlertType") is null)
        {
            errors.Add("Missing AlertType");
        }

        return errors.Count == 0 ? ArloMessages.Reply(id, ArloMessages.Ack) : ArloMessages.Reply(id, ArloMessages.AckWithErrors, errors);
    }
}
