using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace SmartHomeCam.Fakes.Arlo;

/// <summary>
/// The camera side of the framing, written separately from the service's (so a shared mistake cannot hide):
/// <c>L:&lt;len&gt; &lt;json&gt;</c>, one message each way per connection.
/// </summary>
public static class FakeArloWire
{
    public static byte[] Encode(JsonObject message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var json = Encoding.UTF8.GetBytes(message.ToJsonString());
        return [.. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"L:{json.Length} ")), .. json];
    }

    /// <summary>Reads one frame; null on EOF or anything malformed.</summary>
    public static async Task<JsonObject?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0 || header.Length > 12)
            {
                return null;
            }

            if (one[0] == ' ')
            {
                break;
            }

            header.Append((char)one[0]);
        }

        var text = header.ToString();
        if (!text.StartsWith("L:", StringComparison.Ordinal) || !int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > 1 << 20)
        {
            return null;
        }

        var payload = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await stream.ReadAsync(payload.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            filled += read;
        }

        try
        {
            return JsonNode.Parse(payload) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Connects from <paramref name="local"/> (so the base sees the camera's address), sends, reads the reply.</summary>
    public static async Task<JsonObject?> ExchangeAsync(IPAddress local, IPEndPoint remote, JsonObject message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(local, 0));
        await socket.ConnectAsync(remote, cts.Token).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encode(message), cts.Token).ConfigureAwait(false);
        return await ReadAsync(stream, cts.Token).ConfigureAwait(false);
    }
}
