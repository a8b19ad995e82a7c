using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartHomeCam.Arlo.Protocol;
using SmartHomeCam.Data;

namespace SmartHomeCam.Arlo;

/// <summary>
/// Commands to a camera (spec §1): a new TCP connection to <c>&lt;camera-ip&gt;:4000</c> per command, one frame out,
/// one reply in with the same <c>ID</c>. A refused or silent camera is asleep: bounded retries after 1 s, 2 s, ….
/// </summary>
public sealed class ArloCommandClient(IOptions<ArloOptions> options, TimeProvider clock, ILogger<ArloCommandClient> logger)
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);

    /// <summary>Sends and returns the camera's reply (<c>Ack</c> or <c>Ack with Errors</c>); throws <see cref="ArloCommandException"/>.</summary>
    public async Task<JsonObject> SendAsync(ArloCameraRecord camera, string type, string? payloadName, JsonNode? payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var o = options.Value;
        if (!IPAddress.TryParse(camera.IpAddress, out var address))
        {
            throw new ArloCommandException($"Arlo camera {camera.Serial} has no usable address.");
        }

        Exception? last = null;
        for (var attempt = 0; attempt <= o.CommandRetries; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(o.RetryDelay * attempt, clock, cancellationToken).ConfigureAwait(false);
            }

            // The camera doesn't check our IDs (issue #5) but we check its echo; caffeineflo's counter starts at 101.
            var id = _ids.AddOrUpdate(camera.Serial, 101, (_, n) => n >= 1_000_000 ? 101 : n + 1);
            var command = ArloMessages.Command(type, id, payloadName, payload?.DeepClone());
            try
            {
                var reply = await ExchangeAsync(new IPEndPoint(address, o.CameraCommandPort), command, cancellationToken).ConfigureAwait(false);
                var response = ArloMessages.Text(reply, "Response");
                if (ArloMessages.TypeOf(reply) != ArloMessages.Response || ArloMessages.Number(reply, "ID") != id)
                {
                    throw new ArloCommandException($"Arlo camera {camera.Serial} answered {type} with an unexpected message.");
                }

                if (response == ArloMessages.Nack)
                {
                    throw new ArloCommandException($"Arlo camera {camera.Serial} refused {type} (Nack).", retryable: false);
                }

                return reply;
            }
            catch (Exception ex) when (ex is SocketException or IOException or ArloProtocolException or TimeoutException
                                           or ArloCommandException { Retryable: true })
            {
                last = ex;
                logger.LogDebug("Arlo {Type} to {Serial} failed (attempt {Attempt}): {Error}", type, camera.Serial, attempt + 1, ex.Message);
            }
        }

        throw new ArloCommandException($"Arlo camera {camera.Serial} did not answer {type} (asleep or offline): {last?.Message}", last);
    }

    /// <summary>Best effort: logs instead of throwing (clock setting, wake-ups).</summary>
    public async Task<bool> TrySendAsync(ArloCameraRecord camera, string type, string? payloadName, JsonNode? payload, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await SendAsync(camera, type, payloadName, payload, cancellationToken).ConfigureAwait(false);
            return ArloMessages.Text(reply, "Response") == ArloMessages.Ack;
        }
        catch (ArloCommandException ex)
        {
            logger.LogInformation("{Error}", ex.Message);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<JsonObject> ExchangeAsync(IPEndPoint endpoint, JsonObject command, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connect.CancelAfter(o.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(endpoint, connect.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("connect timed out");
            }
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reply = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reply.CancelAfter(o.ReplyTimeout);
        try
        {
            await stream.WriteAsync(ArloFrame.Encode(command), reply.Token).ConfigureAwait(false);
            return await ArloFrameReader.ReadAsync(stream, o.MaxMessageBytes, reply.Token).ConfigureAwait(false)
                ?? throw new IOException("the camera closed without a reply");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("no reply in time");
        }
    }
}
